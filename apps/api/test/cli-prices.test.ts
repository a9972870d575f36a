// `folio prices import`: in process (the streaming path, both formats) and once through the real entry point.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { backupTo } from '../src/cli/backup.js';
import { importPricesFrom } from '../src/cli/prices.js';
import { restoreFrom } from '../src/cli/restore.js';
import { readPricesVersion } from '../src/prices/price-table.js';

const run = promisify(execFile);
const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
/** Each run boots tsx (seconds on a loaded 2-core machine): a generous limit, not a timing assertion. */
const SUBPROCESS_TEST_TIMEOUT = 180_000;

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  dir = await mkdtemp(path.join(tmpdir(), 'folio-cli-prices-'));
});
afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => db.knex.raw('TRUNCATE prices'));

/** The text cut into pieces of `size` bytes, the way a file stream delivers it. */
const chunked = (text: string, size = 5) => {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
};
const count = async () => Number((await db.knex('prices').count<{ n: string }[]>('* as n'))[0]!.n);

describe('importPricesFrom', () => {
  it('streams a CSV (BOM, CRLF) cut anywhere', async () => {
    const report = await importPricesFrom(db.knex, chunked('\uFEFFticker,date,close\r\nA,2024-01-02,1.5\r\nB,2024-01-02,2\r\n'));
    expect(report).toMatchObject({ inserted: 2, tickers: ['A', 'B'] });
  });

  it('tells JSON from CSV by its first character and names the line and path of a bad value', async () => {
    const json = '\n  {"prices": [\n{"ticker": "A", "date": "2024-01-02", "close": 1},\n{"ticker": "A", "date": "2024-01-03", "close": "x"}\n]}';
    await expect(importPricesFrom(db.knex, chunked(json))).rejects.toMatchObject({
      detail: 'line 4, prices[1].close: Invalid input: expected number, received string. Nothing was imported.',
    });
    expect(await count()).toBe(0);
    const ok = await importPricesFrom(db.knex, chunked(json.replace('"x"', '2')));
    expect(ok).toMatchObject({ inserted: 2, first_date: '2024-01-02', last_date: '2024-01-03' });
  });

  it('a duplicate in a JSON file names both rows', async () => {
    const json = JSON.stringify({ prices: [0, 1, 0].map((d) => ({ ticker: 'A', date: `2024-01-0${d + 2}`, close: 1 })) });
    await expect(importPricesFrom(db.knex, chunked(json, 7))).rejects.toMatchObject({
      detail: 'prices[2]: A on 2024-01-02 appears twice (prices[0] and prices[2]). Nothing was imported.',
    });
  });
});

describe('backup and restore', () => {
  it('carry the prices and their versions (every table is in a backup)', async () => {
    await importPricesFrom(db.knex, chunked('ticker,date,close,adj_close\nA,2024-01-02,1.5,1.25\nB,2024-01-02,0.1,\n'));
    const rows = () => db.knex('prices').orderBy(['ticker', 'date']).select('ticker', 'close', 'adj_close');
    const before = { rows: await rows(), version: await readPricesVersion(db.knex, ['A', 'B']) };
    const file = path.join(dir, 'prices.backup');
    expect((await backupTo(db.url, file)).tables).toMatchObject({ prices: 2, price_versions: 2 });
    await db.knex('prices').where({ ticker: 'A' }).del();
    await restoreFrom(db.url, file);
    expect({ rows: await rows(), version: await readPricesVersion(db.knex, ['A', 'B']) }).toEqual(before);
  });
});

describe('folio prices import (entry point)', () => {
  function folio(args: string[]) {
    return run(process.execPath, [tsxCli, 'src/cli.ts', ...args], { cwd: apiDir, env: { ...process.env, DATABASE_URL: db.url } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
    );
  }

  it('imports a Yahoo download with --ticker, reports, and refuses a bad file with exit 1 and the line', async () => {
    const yahoo = path.join(dir, 'gspc.csv');
    await writeFile(yahoo, 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,1,1,1,4742.83,4742.83,0\n2024-01-03,null,null,null,null,null,null\n');
    const ok = await folio(['prices', 'import', yahoo, '--ticker', '^gspc', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ inserted: 1, skipped: 1, tickers: ['^GSPC'] });
    expect(ok.stderr).toMatch(/^1 prices, \d+\/s$/m); // piped: plain progress lines

    const bad = path.join(dir, 'bad.csv');
    await writeFile(bad, 'date,AAPL,MSFT\n2024-01-02,1,2\n2024-01-03,abc,2\n');
    const rejected = await folio(['prices', 'import', bad]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('error: line 3, column AAPL: "abc" is not a price. Nothing was imported.');
    expect(await count()).toBe(1);
  }, SUBPROCESS_TEST_TIMEOUT);
});
