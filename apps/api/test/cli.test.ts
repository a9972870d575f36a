// The operator commands: export/import in process (fast) and through the real entry point (exit codes,
// messages, stdout/stderr), backup/restore with the machine's pg_dump/pg_restore.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDb, seedDemoData, type Knex } from '@folio/db';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { backupTo } from '../src/cli/backup.js';
import { exportTo } from '../src/cli/export.js';
import { CliError } from '../src/cli/fail.js';
import { importFrom } from '../src/cli/import.js';
import { assertCanDump, findPgTool, serverMajor } from '../src/cli/pg-tools.js';
import { Progress } from '../src/cli/progress.js';
import { restoreFrom } from '../src/cli/restore.js';
import { snapshot } from './helpers.js';

const run = promisify(execFile);
const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));

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

/** Each run boots tsx (seconds on a loaded 2-core machine): a generous limit, not a timing assertion. */
const SUBPROCESS_TEST_TIMEOUT = 180_000;

/** `pnpm folio …` without pnpm's own start-up: the same entry point through tsx. */
function folio(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, [tsxCli, 'src/cli.ts', ...args], {
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
    const report = await importFrom(db.knex, Readable.from([Buffer.from(before)]), { mode: 'replace', dryRun: false });
    expect(report.portfolios.created).toBe(4);
    const strip = (t: string) => JSON.parse(t).portfolios.map(({ updated_at: _u, ...p }: Record<string, unknown>) => p);
    expect(strip(await exportString())).toEqual(strip(before));
  });

  it('a multi-byte character split across chunks survives', async () => {
    await db.knex('portfolios').insert({ name: 'Zürich €', description: '日本株' });
    const text = Buffer.from(await exportString());
    await db.emptyPortfolios();
    const cut = text.indexOf(Buffer.from('€')) + 1;
    await importFrom(db.knex, Readable.from([text.subarray(0, cut), text.subarray(cut)]), { mode: 'merge', dryRun: false });
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
    for (const command of ['export', 'import', 'backup', 'restore', 'seed']) expect(help.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
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

describe('folio backup / restore', () => {
  it('says clearly when the client tools are missing or too old for the server', async () => {
    await expect(findPgTool('pg_dump', { PG_BIN_DIR: path.join(dir, 'nowhere') })).rejects.toThrow(
      /pg_dump was not found in PG_BIN_DIR .*Install the PostgreSQL client tools/,
    );
    const old = { name: 'pg_dump' as const, path: '/usr/bin/pg_dump', version: '15.19', major: 15 };
    expect(() => assertCanDump(old, 18)).toThrow(CliError);
    expect(() => assertCanDump(old, 18)).toThrow(
      '/usr/bin/pg_dump is version 15.19, but the database server is PostgreSQL 18; pg_dump must be version 18 or newer.',
    );
    expect(() => assertCanDump(old, 15)).not.toThrow();
  });

  it('backup → change → restore brings the data back, ids and timestamps included', async () => {
    // pg_dump cannot dump a server newer than itself: use the test server when the installed tools can
    // dump it, else the machine's own Postgres (the one these tools came with).
    const pgDump = await findPgTool('pg_dump');
    const compatible = pgDump.major >= (await serverMajor(db.knex));
    const target = compatible ? db : await createTestDatabase(process.env.FOLIO_TOOLS_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    try {
      await seedDemoData(target.knex);
      await target.knex('portfolio_stocks').where({ ticker: 'AAPL' }).update({ weight: 0.5 });
      const before = await snapshot(target);
      const file = path.join(dir, 'folio.dump');
      await backupTo(target.knex, target.url, file);

      await target.knex('portfolios').where({ id: 1 }).del();
      await target.knex('portfolios').insert({ name: 'added after the backup' });
      await restoreFrom(target.url, file);
      expect(await snapshot(target)).toEqual(before);
      // Sequences came back too: the next id follows the restored rows.
      const [next] = await target.knex('portfolios').insert({ name: 'next' }).returning('id');
      expect(next.id).toBe(5);
      // Triggers are back on after the restore.
      await expect(target.knex('portfolio_stocks').insert({ portfolio_id: 1, ticker: 'X', weight: 0.9 })).rejects.toThrow(/above 1/);

      await writeFile(path.join(dir, 'garbage.dump'), 'not a dump');
      await expect(restoreFrom(target.url, path.join(dir, 'garbage.dump'))).rejects.toThrow(/could not be read by pg_restore .* nothing was restored/);
      expect((await snapshot(target)).portfolios).toHaveLength(5);
    } finally {
      if (target !== db) await target.drop();
    }
  });
});

export { createDb };
