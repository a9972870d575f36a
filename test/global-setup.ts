// One Postgres for the whole run: the one DATABASE_URL names, or an embedded one in a temp directory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { startEmbeddedPostgres } from '@folio/db';

export default async function setup(project: TestProject) {
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  if (process.env.DATABASE_URL) {
    project.provide('adminUrl', process.env.DATABASE_URL);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  project.provide('adminUrl', pg.adminUrl);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
