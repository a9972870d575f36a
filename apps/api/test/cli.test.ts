// The operator commands: export/import in process (fast) and through the real entry point (exit codes,
// messages, stdout/stderr), backup/restore through COPY on Postgres 15 and 18.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, migrationSource, seedDemoData, startEmbeddedPostgres, type Knex } from '@folio/db';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { backupTo } from '../src/cli/backup.js';
import { exportTo } from '../src/cli/export.js';
import { CliError } from '../src/cli/fail.js';
import { importFrom } from '../src/cli/import.js';
import { ApiKeyStore } from '../src/auth/api-key-store.js';
import { Progress } from '../src/cli/progress.js';
import { restoreFrom } from '../src/cli/restore.js';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/server.js';
import { createServices } from '../src/services/index.js';
import { snapshot } from './helpers.js';

const run = promisify(execFile);
const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cliBundle = path.join(inject('apiBundleDir'), 'cli.js');
const repoRoot = path.resolve(apiDir, '..', '..');

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  dir = await mkdtemp(path.join(tmpdir(), 'folio-cli-'));
});
afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.emptyPortfolios();
});

/** Each run starts a node process (seconds on a loaded 2-core machine): a limit, not a timing assertion. */
const SUBPROCESS_TEST_TIMEOUT = 180_000;

/** `pnpm folio …` without pnpm's own start-up: the same entry point, as bundled for `pnpm start`. */
function folio(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [cliBundle, ...args], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: db.url, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );
}

class Capture extends PassThrough {
  text = '';
  constructor() {
    super();
    this.setEncoding('utf8').on('data', (d: string) => (this.text += d));
  }
}

async function exportString(knex: Knex = db.knex): Promise<string> {
  const out = new Capture();
  await exportTo(knex, out);
  out.end();
  return out.text;
}

describe('folio export / import', () => {
  it('round-trips: seed → export → wipe → import → export', async () => {
    await seedDemoData(db.knex);
    const before = await exportString();
    await db.emptyPortfolios();
    const report = await importFrom(createServices({ db: db.knex }), Readable.from([Buffer.from(before)]), { mode: 'replace', dryRun: false });
    expect(report.portfolios.created).toBe(4);
    const strip = (t: string) => JSON.parse(t).portfolios.map(({ updated_at: _u, ...p }: Record<string, unknown>) => p);
    expect(strip(await exportString())).toEqual(strip(before));
  });

  it('a multi-byte character split across chunks survives', async () => {
    await db.knex('portfolios').insert({ name: 'Zürich €', description: '日本株' });
    const text = Buffer.from(await exportString());
    await db.emptyPortfolios();
    const cut = text.indexOf(Buffer.from('€')) + 1;
    await importFrom(createServices({ db: db.knex }), Readable.from([text.subarray(0, cut), text.subarray(cut)]), { mode: 'merge', dryRun: false });
    expect(await db.knex('portfolios').first()).toMatchObject({ name: 'Zürich €', description: '日本株' });
  });

  it('through the entry point: --out, --dry-run, --json, a bad file rejected with its line', async () => {
    await seedDemoData(db.knex);
    const file = path.join(dir, 'export.json');
    const exported = await folio(['export', '--out', file]);
    expect(exported.stderr).toContain('exported 4 portfolios');
    expect(exported.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'folio-export', version: 1 });

    const dry = await folio(['import', file, '--dry-run', '--mode', 'merge', '--json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dry_run: true, portfolios: { unchanged: 4, skipped: 4 } });
    const text = await folio(['import', file, '--dry-run']);
    expect(text.stdout).toContain('portfolios: 0 created, 0 updated, 4 unchanged, 0 deleted');
    // Piped: progress is plain lines, never a carriage-return bar.
    expect(dry.stderr).toMatch(/^4 portfolios, \d+\/s$/m);
    expect(dry.stderr).not.toContain('\r');

    const before = await snapshot({ knex: db.knex } as TestDatabase);
    const bad = path.join(dir, 'bad.json');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[3] = lines[3]!.replace('"ticker":"NBIS"', '"ticker":"not a ticker!"');
    await writeFile(bad, lines.join('\n'));
    const rejected = await folio(['import', bad, '--mode', 'replace']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/^error: line 4, portfolios\[2\]\.stocks\[1\]\.ticker: Ticker may contain only .*\. Nothing was imported\.$/m);
    expect(rejected.stderr).not.toMatch(/\bat \w+ \(/); // no stack trace
    expect(await snapshot({ knex: db.knex } as TestDatabase)).toEqual(before);

    expect((await folio(['import', file, '--mode', 'wipe'])).stderr).toContain('--mode must be merge or replace');
    expect((await folio(['import', path.join(dir, 'missing.json')])).stderr).toContain('no such file');
  }, SUBPROCESS_TEST_TIMEOUT);

  it('--help lists every command', async () => {
    const help = await folio(['--help']);
    for (const command of ['export', 'import', 'backup', 'restore', 'db', 'keys']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  }, SUBPROCESS_TEST_TIMEOUT);
});

describe('pnpm folio and folio db', () => {
  it('`pnpm folio export > f.json` writes only JSON (no pnpm banner), and `pnpm folio import f.json` reads it back', async () => {
    await seedDemoData(db.knex);
    const pnpm = (args: string[]) => run('pnpm', args, { cwd: repoRoot, env: { ...process.env, DATABASE_URL: db.url }, maxBuffer: 64 * 1024 * 1024 });
    const exported = await pnpm(['folio', 'export']);
    expect(exported.stdout.startsWith('{"format":"folio-export"')).toBe(true);
    const file = path.join(dir, 'through-pnpm.json');
    await writeFile(file, exported.stdout);
    const before = await snapshot({ knex: db.knex } as TestDatabase);
    await db.emptyPortfolios();
    const imported = await pnpm(['folio', 'import', file, '--mode', 'replace']);
    expect(imported.stdout).toContain('portfolios: 4 created');
    const strip = ({ updated_at: _u, ...row }: Record<string, unknown>) => row;
    const after = await snapshot({ knex: db.knex } as TestDatabase);
    expect(after.portfolios.map(strip)).toEqual(before.portfolios.map(strip));
    expect(after.stocks).toEqual(before.stocks);
  }, SUBPROCESS_TEST_TIMEOUT);

  it('db seed twice adds the demo portfolios once; db status lists migrations; each names its database', async () => {
    const first = await folio(['db', 'seed']);
    expect(first.stdout).toMatch(/^seeded 4 portfolios: ids 1, 2, 3, 4$/m);
    expect(first.stderr).toMatch(/^using external Postgres at postgres:\/\//m);
    const second = await folio(['db', 'seed']);
    expect(second.stdout).toContain('the 4 demo portfolios are already there; nothing added');
    expect(await db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '4' }]);
    const status = await folio(['db', 'status']);
    expect(status.stdout).toMatch(/^applied {2}20261124000001_create_portfolios$/m);
    expect(status.stdout).not.toContain('pending');
  }, SUBPROCESS_TEST_TIMEOUT);

  it('a bad setting or an unusable data directory is one sentence, no stack', async () => {
    const badPort = await folio(['export'], { PORT: 'abc' });
    expect(badPort.stderr.trim()).toBe('error: Invalid configuration: PORT Invalid input: expected number, received NaN');
    const file = path.join(dir, 'a-file');
    await writeFile(file, '');
    const badDir = await folio(['export'], { DATABASE_URL: '', DATA_DIR: path.join(file, 'data') });
    expect(badDir.code).toBe(1);
    expect(badDir.stderr.trim()).toBe(
      `error: The data directory ${path.join(file, 'data')} cannot be used (ENOTDIR): set DATA_DIR to a directory you can write, or fix its permissions.`,
    );
  }, SUBPROCESS_TEST_TIMEOUT);
});

describe('one embedded Postgres per data directory, shared by the server and the CLI', () => {
  const serverOn = (dataDir: string) => startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0', DATA_DIR: dataDir }));
  const pidFile = (dataDir: string) => path.join(dataDir, 'postgres', 'postmaster.pid');

  it('a CLI import beside a running server goes into the server’s database and leaves it running', async () => {
    const dataDir = path.join(dir, 'shared-server');
    await seedDemoData(db.knex);
    const file = path.join(dir, 'demo.json');
    await writeFile(file, await exportString());
    const server = await serverOn(dataDir);
    try {
      const imported = await folio(['import', file], { DATABASE_URL: '', DATA_DIR: dataDir });
      expect(imported.code).toBe(0);
      expect(imported.stderr).toMatch(/^sharing the embedded Postgres \(pid \d+\)/m);
      expect(imported.stderr).toContain(`data in ${dataDir}`);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const listed = (await (await fetch(`${server.url}/api/portfolios`)).json()) as { name: string }[];
      expect(listed.map((p) => p.name)).toEqual(['Tech Portfolio', 'IB Positions', 'IB one', 'IB One']);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(existsSync(pidFile(dataDir))).toBe(false); // the last one out stopped Postgres
  }, SUBPROCESS_TEST_TIMEOUT);

  it('a server started while another process holds the cluster shares it; whoever leaves last stops it', async () => {
    const dataDir = path.join(dir, 'shared-cli');
    const cli = await startEmbeddedPostgres({ dataDir });
    const server = await serverOn(dataDir);
    try {
      await cli.stop();
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(existsSync(pidFile(dataDir))).toBe(false);
  }, SUBPROCESS_TEST_TIMEOUT);

  it('a Postgres left running by a run that was killed (SIGKILL) is stopped and started afresh', async () => {
    const dataDir = path.join(dir, 'crashed');
    const script = path.join(dir, 'hold-cluster.mts');
    const embedded = fileURLToPath(new URL('../../../packages/db/src/embedded.ts', import.meta.url));
    await writeFile(script, `import { startEmbeddedPostgres } from ${JSON.stringify(embedded)};\nawait startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });\nconsole.log('ready');\nsetInterval(() => {}, 1000);\n`);
    // `node --import tsx`, not the tsx CLI, which would run the script in a grandchild the SIGKILL misses.
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
    });
    const orphan = Number.parseInt((await readFile(pidFile(dataDir), 'utf8')).split('\n')[0]!, 10);
    child.kill('SIGKILL');
    await once(child, 'exit');
    const logs: string[] = [];
    const pg = await startEmbeddedPostgres({ dataDir, log: (m) => logs.push(m) });
    try {
      expect(logs).toContain(`stopping a Postgres (pid ${orphan}) left running by an earlier run that ended without stopping it`);
      expect(pg.shared).toBe(false);
      const knex = createDb(pg.url, { min: 0, max: 1 });
      expect((await knex.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      await knex.destroy();
    } finally {
      await pg.stop();
    }
  }, SUBPROCESS_TEST_TIMEOUT);
});

describe('progress', () => {
  const sink = () => {
    const out = new Capture();
    return { out, stream: out as unknown as NodeJS.WriteStream };
  };

  it('on a terminal: one redrawn bar with rows, rate and time left', () => {
    const { out, stream } = sink();
    const p = new Progress('portfolios', stream, true);
    p.update({ done: 2500, fraction: 0.25 });
    p.finish({ done: 10_000 });
    expect(out.text).toMatch(/^\r\u001b\[2K\[######\.{18}\]  25% 2,500 portfolios · [\d,]+\/s · \S+ left/);
    expect(out.text).toMatch(/\[#{24}\] 100% 10,000 portfolios · [\d,]+\/s\n$/);
  });

  it('piped: plain lines, no escape codes', () => {
    const { out, stream } = sink();
    const p = new Progress('portfolios', stream, false, 0);
    p.update({ done: 10, fraction: 0.5 });
    p.finish({ done: 20 });
    expect(out.text.split('\n').filter(Boolean)).toHaveLength(2);
    expect(out.text).not.toMatch(/[\r\u001b]/);
  });
});

/** Every row of every table a backup covers, to compare before and after. */
async function allRows(knex: Knex, extra: string[] = []) {
  const rows: Record<string, unknown[]> = {};
  for (const t of ['portfolios', 'portfolio_stocks', 'api_keys', ...extra]) rows[t] = await knex(t).select('*').orderBy('id');
  return rows;
}

// Backup/restore on the test server (the machine's Postgres 15 under CI, DATABASE_URL) and on an embedded
// Postgres 18 of its own, so both supported majors run every time.
describe.each([
  ['the test server', async () => db],
  [
    'an embedded Postgres 18',
    async () => {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'embedded') });
      const target = await createTestDatabase(pg.adminUrl);
      return { ...target, drop: async () => (await target.drop(), await pg.stop()) };
    },
  ],
] as const)('folio backup / restore on %s', (_name, open) => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await open();
  }, SUBPROCESS_TEST_TIMEOUT);
  afterAll(async () => {
    if (target && target !== db) await target.drop();
  });
  beforeEach(async () => {
    await target.knex.raw('DROP TABLE IF EXISTS prices_probe');
    await target.knex.raw('TRUNCATE portfolios, api_keys RESTART IDENTITY CASCADE');
    await seedDemoData(target.knex);
    await target.knex('portfolio_stocks').where({ ticker: 'AAPL' }).update({ weight: 0.5 });
    await new ApiKeyStore(target.knex).create('ci', 'write');
  });

  it('backup → change → restore brings every table back, ids, timestamps and sequences included', async () => {
    // A table a later migration might add (like prices): found from the schema, no code change needed.
    await target.knex.raw(
      'CREATE TABLE prices_probe (id serial PRIMARY KEY, portfolio_id int REFERENCES portfolios ON DELETE CASCADE, close numeric(20,6), at timestamptz, tags jsonb)',
    );
    await target.knex('prices_probe').insert({ portfolio_id: 1, close: '123.456789', at: '2026-01-02T03:04:05.678Z', tags: { a: ['x\ty', 'line\nbreak', 'back\\slash'] } });
    const before = await allRows(target.knex, ['prices_probe']);
    const file = path.join(dir, 'folio.backup');
    const { tables } = await backupTo(target.url, file);
    expect(tables).toMatchObject({ portfolios: 4, portfolio_stocks: 11, api_keys: 1, prices_probe: 1 });
    const header = JSON.parse((await readFile(file, 'utf8')).split('\n')[0]!);
    expect(header).toMatchObject({ format: 'folio-backup', version: 1, schema_version: (await migrationSource.getMigrations([])).at(-1) });
    // Parents come before the tables referencing them, so rows load in order.
    expect(header.tables.indexOf('portfolios')).toBeLessThan(header.tables.indexOf('portfolio_stocks'));

    await target.knex('portfolios').where({ id: 1 }).del();
    await target.knex('portfolios').insert({ name: 'added after the backup' });
    await target.knex('api_keys').del();
    expect(await restoreFrom(target.url, file)).toMatchObject({ portfolios: 4, portfolio_stocks: 11, api_keys: 1, prices_probe: 1 });
    expect(await allRows(target.knex, ['prices_probe'])).toEqual(before);
    // The sequence came back to where it was at backup time (5 was used after it, then restored away).
    const [next] = await target.knex('portfolios').insert({ name: 'next' }).returning('id');
    expect(next.id).toBe(5);
    // Triggers are back on after the restore.
    await expect(target.knex('portfolio_stocks').insert({ portfolio_id: 2, ticker: 'X', weight: 0.9 }).then(() =>
      target.knex('portfolio_stocks').insert({ portfolio_id: 2, ticker: 'Y', weight: 0.9 }),
    )).rejects.toThrow(/above 1/);
  });

  it('refuses a file that is not a backup, is cut off, is from a newer schema, or holds rejected rows; nothing changes', async () => {
    const file = path.join(dir, 'good.backup');
    await backupTo(target.url, file);
    const text = await readFile(file, 'utf8');
    await target.knex('portfolios').insert({ name: 'after the backup' });
    const before = await allRows(target.knex);

    const bad = path.join(dir, 'bad.backup');
    const attempt = async (content: string) => {
      await writeFile(bad, content);
      return restoreFrom(target.url, bad).then(() => 'restored', (e: Error) => e);
    };
    expect(await attempt('not a backup')).toEqual(new CliError(`${bad} is not a folio backup file; nothing was restored.`));
    const lines = text.split('\n');
    expect(String(await attempt(lines.slice(0, -3).join('\n')))).toMatch(/ends (before its end marker|inside table \w+) \(cut off\?\); nothing was restored/);
    const newer = JSON.stringify({ ...JSON.parse(lines[0]!), schema_version: '29991231000000_from_the_future' });
    expect(String(await attempt([newer, ...lines.slice(1)].join('\n')))).toMatch(
      /was taken at schema 29991231000000_from_the_future, newer than this Folio knows .* Nothing was restored\./,
    );
    // A row the schema's CHECK rejects, after other tables have already loaded: the whole restore rolls back.
    const stocksAt = lines.findIndex((l) => l.startsWith('{"table":"portfolio_stocks"'));
    const broken = lines.map((l, i) => (i === stocksAt + 1 ? l.replace(/\t[A-Z]+\t/, '\tnot a ticker!\t') : l));
    expect(String(await attempt(broken.join('\n')))).toMatch(/restore failed, nothing was changed: .*check constraint/);
    expect(await allRows(target.knex)).toEqual(before);
  });
});

export { createDb };
