// One Postgres for the whole run: the one DATABASE_URL names, or an embedded one in a temp directory.
// One build of the API's bundle for the whole run: tests that run the server or CLI as a process run
// it with plain node (what `pnpm start` ships) instead of booting tsx for every process.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { startEmbeddedPostgres } from '@folio/db';

const apiDir = fileURLToPath(new URL('../apps/api/', import.meta.url));

/** Builds into apps/api/node_modules/.test-bundle-*, where the bundle's registry imports resolve. */
async function buildApiBundle(): Promise<string> {
  const dir = await mkdtemp(path.join(apiDir, 'node_modules', '.test-bundle-'));
  await promisify(execFile)(process.execPath, ['build.mjs', '--outdir', dir], { cwd: apiDir });
  return dir;
}

export default async function setup(project: TestProject) {
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  const bundleDir = await buildApiBundle();
  project.provide('apiBundleDir', bundleDir);
  const removeBundle = () => rm(bundleDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    project.provide('adminUrl', process.env.DATABASE_URL);
    return removeBundle;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  project.provide('adminUrl', pg.adminUrl);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
    await removeBundle();
  };
}
