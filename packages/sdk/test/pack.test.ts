// The SDK as an outside app sees it: pack the tarball, npm-install it into an empty strict TypeScript
// project outside the workspace, type-check (a wrong call must fail), then run against a live server.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig, startServer, type Server } from '@folio/api';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const sdkDir = path.dirname(here);
const TYPESCRIPT = '5.9.3';
/** tsc and node runs take seconds, many more on a loaded machine: a limit, not a timing assertion. */
const STEP_TIMEOUT = 180_000;

let project: string;
let db: TestDatabase;
let server: Server;

async function tsc(...args: string[]) {
  return run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), ...args], { cwd: project }).then(
    (r) => ({ ok: true, out: r.stdout + r.stderr }),
    (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
}

/** The app compiled once (type-check and emit in one tsc run), for the type-check and the live run. */
let compiled: Promise<{ ok: boolean; out: string }> | undefined;
const compileApp = () => (compiled ??= tsc('-p', 'tsconfig.json'));

beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'folio-sdk-consumer-'));
  const packDir = path.join(project, 'pack');
  await mkdir(packDir);
  await run('pnpm', ['--filter', '@folio/sdk', 'pack', '--pack-destination', packDir], { cwd: sdkDir });
  const tarball = (await readdir(packDir)).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('pnpm pack produced no tarball');

  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'outside-app', private: true, type: 'module' }),
  );
  await writeFile(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        types: ['node'],
        outDir: 'out',
      },
      files: ['app.ts'],
    }),
  );
  await copyFile(path.join(here, 'fixture/app.ts'), path.join(project, 'app.ts'));
  await copyFile(path.join(here, 'fixture/wrong-input.ts'), path.join(project, 'wrong-input.ts'));
  // The npm cache (~/.npm) makes repeat runs fast; a clean machine downloads typescript once.
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', `./pack/${tarball}`, `typescript@${TYPESCRIPT}`, '@types/node@20'],
    { cwd: project, env: { ...process.env, npm_config_workspaces: 'false' } },
  );

  db = await createTestDatabase(inject('adminUrl'));
  server = await startServer(loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0' }));
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await db?.drop();
  if (project) await rm(project, { recursive: true, force: true });
});

describe('@folio/sdk installed from its tarball into an outside project', () => {
  it('installs without the workspace: only published dependencies', async () => {
    const { stdout } = await run('npm', ['ls', '--all', '--parseable'], { cwd: project });
    expect(stdout).not.toMatch(/@folio\/(api|contract|db)/);
    expect(stdout).toMatch(/@trpc\/client/);
  }, STEP_TIMEOUT);

  it('type-checks an app under strict NodeNext with skipLibCheck off', async () => {
    const result = await compileApp();
    expect(result.out).toBe('');
    expect(result.ok).toBe(true);
  }, STEP_TIMEOUT);

  it('rejects calls with the wrong input or output types', async () => {
    const wrong = await run(
      process.execPath,
      [path.join(project, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node', 'wrong-input.ts'],
      { cwd: project },
    ).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    // One error per wrong line: a string id, an unknown field, a string read as a number.
    expect(wrong).toMatch(/wrong-input\.ts\(5,\d+\): error TS2322/);
    expect(wrong).toMatch(/wrong-input\.ts\(6,\d+\): error TS2353/);
    expect(wrong).toMatch(/wrong-input\.ts\(7,\d+\): error TS2322/);
  }, STEP_TIMEOUT);

  it('runs against a live server', async () => {
    const emitted = await compileApp();
    expect(emitted.out).toBe('');
    const { stdout } = await run(process.execPath, [path.join(project, 'out/app.js'), server.url], { cwd: project });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      tickers: ['BRK.B'],
      weight: 0.5,
      notFound: { status: 404, code: 'NOT_FOUND', detail: 'Portfolio 999999 does not exist.' },
      invalid: { status: 422, paths: ['weight'] },
      rule: { status: 422, httpStatus: 400, code: 'UNPROCESSABLE_CONTENT', paths: ['name'] },
      count: 1,
      report: { dry_run: true, portfolios: { created: 1 } },
      exportedCount: 1,
      walked: ['From outside'],
      effective: [0.5],
    });
  }, STEP_TIMEOUT);
});
