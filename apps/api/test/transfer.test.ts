import { PassThrough, Readable } from 'node:stream';
import { seedDemoData } from '@folio/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportTo } from '../src/cli/export.js';
import { readExportFile } from '../src/services/import-reader.js';
import { createServices } from '../src/services/index.js';
import { ImportFileError, type TransferService } from '../src/services/transfer-service.js';
import { createTestApp, snapshot, type TestApp } from './helpers.js';

let t: TestApp;
let transfer: TransferService;
beforeAll(async () => {
  t = await createTestApp();
  transfer = createServices({ db: t.db.knex }).transfer;
});
afterAll(() => t?.close());
beforeEach(async () => {
  await t.db.emptyPortfolios();
});

async function exportText(): Promise<string> {
  let text = '';
  for await (const piece of transfer.exportText()) text += piece;
  return text;
}

/** An export without what an import may legitimately change: the stamp, and updated_at (an import is a change). */
function comparable(text: string, opts: { stockIds?: boolean } = {}) {
  const doc = JSON.parse(text);
  return doc.portfolios.map(({ updated_at: _u, stocks, ...p }: any) => ({
    ...p,
    stocks: stocks.map(({ id, ...s }: any) => (opts.stockIds === false ? s : { id, ...s })),
  }));
}

const fromText = (text: string) => readExportFile(Readable.from([text]));

async function seedRich() {
  await seedDemoData(t.db.knex);
  await t.db.knex('portfolio_stocks').where({ ticker: 'AAPL' }).update({ weight: 0.25, shares: 10.5 });
  await t.db.knex('portfolios').where({ id: 2 }).update({ description: 'Interactive Brokers "IB" — ünïcode' });
}

describe('export', () => {
  it('writes the REST list shape under a header, one portfolio per line', async () => {
    await seedRich();
    const text = await exportText();
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: 'folio-export', version: 1, exported_at: expect.any(String) });
    const list = (await t.app.inject({ url: '/api/portfolios' })).json();
    expect(doc.portfolios).toEqual(list);
    expect(text.split('\n')).toHaveLength(list.length + 3);
  });

  it('GET /api/export downloads the same document as an attachment', async () => {
    await seedRich();
    const res = await t.app.inject({ url: '/api/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="folio-export-\d{8}-\d{6}\.json"$/);
    expect(res.json().portfolios).toHaveLength(4);
  });

  it('GET /api/export writes the same bytes as `folio export`, one portfolio per line', async () => {
    await seedRich();
    // Both stamp exported_at with the clock: stop it (only Date; timers and I/O run as usual).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-25T12:00:00.000Z') });
    try {
      const cli = new PassThrough();
      const chunks: Buffer[] = [];
      cli.on('data', (c: Buffer) => chunks.push(c));
      await exportTo(t.db.knex, cli);
      const rest = await t.app.inject({ url: '/api/export' });
      expect(rest.rawPayload.equals(Buffer.concat(chunks))).toBe(true);
      const lines = rest.payload.split('\n');
      expect(lines).toHaveLength(4 + 3); // header, four portfolios, "]}", and the final newline's empty rest
      expect(lines[0]).toBe('{"format":"folio-export","version":1,"exported_at":"2026-11-25T12:00:00.000Z","portfolios":[');
      expect(rest.headers['content-type']).toBe('application/json; charset=utf-8');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('round trip: seed → export → wipe → import → export', () => {
  it('replace keeps every id', async () => {
    await seedRich();
    const before = await exportText();
    await t.db.emptyPortfolios();
    const report = await transfer.import(fromText(before), { mode: 'replace', dryRun: false });
    expect(report.portfolios).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, deleted: 0 });
    expect(report.stocks.created).toBe(11);
    expect(comparable(await exportText())).toEqual(comparable(before));
    // The sequences moved past the imported ids.
    const created = await t.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'next' } });
    expect(created.json().id).toBe(5);
  });

  it('merge into an empty database keeps portfolio ids; holdings are renumbered', async () => {
    await seedRich();
    const before = await exportText();
    await t.db.emptyPortfolios();
    await t.db.knex.raw("SELECT setval(pg_get_serial_sequence('portfolio_stocks', 'id'), 500)");
    const report = await transfer.import(fromText(before), { mode: 'merge', dryRun: false });
    expect(report.portfolios.created).toBe(4);
    const after = await exportText();
    expect(comparable(after, { stockIds: false })).toEqual(comparable(before, { stockIds: false }));
    expect(JSON.parse(after).portfolios[0].stocks[0].id).toBeGreaterThan(500);
  });

  it('merge over the same data skips everything, and reports updates precisely', async () => {
    await seedRich();
    const before = await exportText();
    const same = await transfer.import(fromText(before), { mode: 'merge', dryRun: false });
    expect(same.portfolios).toEqual({ created: 0, updated: 0, unchanged: 4, skipped: 4, deleted: 0 });
    expect(same.stocks).toEqual({ created: 0, updated: 0, unchanged: 11, skipped: 11, deleted: 0 });

    const doc = JSON.parse(before);
    doc.portfolios[0].name = 'Renamed';
    doc.portfolios[1].stocks.pop(); // RKLB leaves IB Positions
    doc.portfolios[2].stocks[0].shares = 3;
    doc.portfolios[3].stocks.push({ ticker: 'nvda', weight: 0.1 });
    doc.portfolios.push({ id: 40, name: 'New', stocks: [{ ticker: 'V' }] });
    const report = await transfer.import(fromText(JSON.stringify(doc)), { mode: 'merge', dryRun: false });
    expect(report.portfolios).toEqual({ created: 1, updated: 4, unchanged: 0, skipped: 0, deleted: 0 });
    expect(report.stocks).toEqual({ created: 2, updated: 1, unchanged: 9, skipped: 9, deleted: 1 });
    const p4 = (await t.app.inject({ url: '/api/portfolios/4' })).json();
    expect(p4.stocks.map((s: any) => s.ticker)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect((await t.app.inject({ url: '/api/portfolios/40' })).json().stocks).toHaveLength(1);
  });

  it('replace numbers holdings without an id after every explicit one', async () => {
    await seedRich(); // the stock sequence stands at 11
    const doc = {
      format: 'folio-export',
      version: 1,
      exported_at: '2026-11-24T10:00:00Z',
      portfolios: [
        { id: 1, name: 'a', stocks: [{ ticker: 'A' }] },
        { id: 2, name: 'b', stocks: [{ id: 12, ticker: 'B' }] },
      ],
    };
    const report = await transfer.import(fromText(JSON.stringify(doc)), { mode: 'replace', dryRun: false });
    expect(report.stocks.created).toBe(2);
    const rows = await t.db.knex('portfolio_stocks').select('id', 'ticker').orderBy('id');
    expect(rows).toEqual([
      { id: 12, ticker: 'B' },
      { id: 13, ticker: 'A' },
    ]);
  });

  it('a dry run reports the same and writes nothing', async () => {
    await seedRich();
    const before = await snapshot(t.db);
    const doc = JSON.parse(await exportText());
    doc.portfolios.push({ id: 9, name: 'Would be new', stocks: [] });
    const report = await transfer.import(fromText(JSON.stringify(doc)), { mode: 'replace', dryRun: true });
    expect(report).toMatchObject({ dry_run: true, portfolios: { created: 5, deleted: 4 } });
    expect(await snapshot(t.db)).toEqual(before);
  });
});

describe('a malformed file is rejected precisely, with nothing written', () => {
  async function rejects(text: string, mode: 'merge' | 'replace' = 'replace') {
    await seedRich();
    const before = await snapshot(t.db);
    const error = await transfer.import(fromText(text), { mode, dryRun: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    expect(await snapshot(t.db)).toEqual(before);
    return error as ImportFileError;
  }
  const header = '{"format":"folio-export","version":1,"exported_at":"2026-11-24T10:00:00.000Z","portfolios":[';

  it('syntax error: the line', async () => {
    const e = await rejects(`${header}\n{"id":1,"name":"a","stocks":[]},\n{"id":2,"name":"b",,}\n]}`);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^line 3, \(file\): not valid JSON/);
  });

  it('a broken rule deep in the file: line and path, after earlier batches were written', async () => {
    const lines = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ id: i + 1, name: `p${i}`, stocks: [{ ticker: 'A' }] }));
    lines[1200] = JSON.stringify({ id: 1201, name: 'bad', stocks: [{ ticker: 'A' }, { ticker: 'B', weight: 1.5 }] });
    const e = await rejects(`${header}\n${lines.join(',\n')}\n]}`);
    expect(e.message).toBe('line 1202, portfolios[1200].stocks[1].weight: Weight must be between 0 and 1');
  });

  it('cross-value rules: duplicate ids, duplicate tickers, weight sums', async () => {
    const p = (id: number, stocks: unknown[] = []) => JSON.stringify({ id, name: `p${id}`, stocks });
    expect((await rejects(`${header}\n${p(1)},\n${p(1)}\n]}`)).message).toBe('line 3, portfolios[1].id: portfolio id 1 appears twice');
    expect((await rejects(`${header}\n${p(1, [{ ticker: 'a' }, { ticker: 'A' }])}\n]}`)).message).toMatch(/stocks\[1\]\.ticker: A appears twice/);
    expect((await rejects(`${header}\n${p(1, [{ ticker: 'A', weight: 0.6 }, { ticker: 'B', weight: 0.6 }])}\n]}`)).path).toBe(
      'portfolios[0].stocks',
    );
  });

  it('a key twice at the top: rejected, never both arrays imported (a JSON.parse reader would keep the last)', async () => {
    const p = (id: number) => JSON.stringify({ id, name: `p${id}`, stocks: [] });
    const e = await rejects(`${header}\n${p(1)}\n],\n"portfolios":[\n${p(2)}\n]}`);
    expect(e.message).toBe('line 4, portfolios: appears twice in the file'); // where the second one starts
    expect((await rejects(`{"format":"folio-export","format":"folio-export","version":1,"exported_at":"2026-11-24T10:00:00Z","portfolios":[]}`)).path).toBe('format');
  });

  it('deep nesting anywhere is refused as the file is read (it cost the streaming parser minutes)', async () => {
    await seedRich();
    const before = await snapshot(t.db);
    const depth = 100_000;
    const text = `{"format":"folio-export","version":1,"exported_at":"2026-11-24T10:00:00Z","x":${'['.repeat(depth)}${']'.repeat(depth)},"portfolios":[]}`;
    const chunks = Array.from({ length: Math.ceil(text.length / 65_536) }, (_, i) => text.slice(i * 65_536, (i + 1) * 65_536));
    const error = await transfer.import(readExportFile(Readable.from(chunks)), { mode: 'replace', dryRun: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(/nested more than 64 levels deep/);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('POST /api/import gives the same answers as the CLI for both', async () => {
    await seedRich();
    const before = await snapshot(t.db);
    const twice = `{"format":"folio-export","version":1,"exported_at":"2026-11-24T10:00:00Z","portfolios":[{"id":1,"name":"a"}],"portfolio\\u0073":[{"id":2,"name":"b"}]}`;
    const deep = `{"format":"folio-export","version":1,"exported_at":"2026-11-24T10:00:00Z","x":${'['.repeat(100)}${']'.repeat(100)},"portfolios":[]}`;
    for (const [payload, detail] of [
      [twice, /^portfolios: appears twice in the file/],
      [deep, /nested more than 64 levels deep/],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/api/import?mode=replace', payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().detail).toMatch(detail);
    }
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('a wrong header or a truncated file', async () => {
    expect((await rejects('{"format":"csv","version":1,"exported_at":"2026-11-24T10:00:00Z","portfolios":[]}')).path).toBe('format');
    expect((await rejects(`${header}\n{"id":1,"name":"a"}`)).message).toMatch(/ends too early/);
    expect((await rejects('[]')).path).toBe('format');
  });
});

describe('POST /api/import and portfolio.import', () => {
  const doc = (portfolios: unknown[]) => ({ format: 'folio-export', version: 1, exported_at: '2026-11-24T10:00:00Z', portfolios });

  it('imports and reports', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/import?mode=merge',
      payload: doc([{ id: 3, name: 'x', stocks: [{ ticker: 'MSFT', shares: 2 }] }]),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'merge', dry_run: false, portfolios: { created: 1 }, stocks: { created: 1 } });
    expect((await t.app.inject({ url: '/api/portfolios/3' })).json().name).toBe('x');
  });

  it('rejects a broken document with problem+json naming the path, writing nothing', async () => {
    await seedRich();
    const before = await snapshot(t.db);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/import?mode=replace',
      payload: doc([{ id: 1, name: 'x', stocks: [{ ticker: 'A', weight: 2 }] }]),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().errors[0].path).toBe('document.portfolios.0.stocks.0.weight');
    const dup = await t.app.inject({ method: 'POST', url: '/api/import', payload: doc([{ id: 1, name: 'x' }, { id: 1, name: 'y' }]) });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().detail).toBe('document.portfolios[1].id: portfolio id 1 appears twice. Nothing was imported.');
    expect((await t.app.inject({ method: 'POST', url: '/api/import?mode=wipe', payload: doc([]) })).statusCode).toBe(422);
    expect(await snapshot(t.db)).toEqual(before);
  });

  it('timestamps are bounded to what every layer reads back: years 0001–9999 UTC, at most milliseconds', async () => {
    const at = (created_at: string) => doc([{ id: 1, name: 'T', created_at, stocks: [{ ticker: 'A', added_at: created_at }] }]);
    for (const bad of [
      '9999-12-31T23:59:59.9999999Z', // Postgres rounds it into year 10000
      '9999-12-31T23:59:59.9995Z',
      '2026-01-01T00:00:00.0001Z',
      '9999-12-31T23:30:00-01:00', // year 10000 in UTC
      '0001-01-01T00:30:00+01:00', // year 0 in UTC
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/import?mode=replace', payload: at(bad) });
      expect(res.statusCode, bad).toBe(422);
      expect(res.json().errors[0].path).toBe('document.portfolios.0.created_at');
    }
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '0' }]);
    // The extremes that are allowed survive export → import → export unchanged.
    for (const edge of ['9999-12-31T23:59:59.999Z', '0001-01-01T00:00:00.000Z']) {
      expect((await t.app.inject({ method: 'POST', url: '/api/import?mode=replace', payload: at(edge) })).statusCode).toBe(200);
      const exported = (await t.app.inject({ url: '/api/export' })).json();
      expect(exported.portfolios[0].created_at).toBe(edge);
      expect(exported.portfolios[0].stocks[0].added_at).toBe(edge);
      expect((await t.app.inject({ url: '/api/portfolios/1' })).json().created_at).toBe(edge);
      const again = await t.app.inject({ method: 'POST', url: '/api/import?mode=replace', payload: exported });
      expect(again.statusCode).toBe(200);
    }
  });

  it('has a body-size limit', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/import',
      headers: { 'content-type': 'application/json' },
      payload: `{"pad":"${'x'.repeat(65 * 1024 * 1024)}"}`,
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('over tRPC', () => {
  const doc = { format: 'folio-export', version: 1, exported_at: '2026-11-24T10:00:00Z', portfolios: [{ id: 7, name: 'via tRPC' }] };

  it('portfolio.import and portfolio.export', async () => {
    const imported = await t.app.inject({ method: 'POST', url: '/trpc/portfolio.import', payload: { document: doc, dry_run: false } });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().result.data).toMatchObject({ mode: 'merge', portfolios: { created: 1 } });
    const exported = await t.app.inject({ url: '/trpc/portfolio.export' });
    expect(exported.json().result.data.portfolios).toMatchObject([{ id: 7, name: 'via tRPC', stocks: [] }]);
  });

  it('a bad document is rejected with a problem naming the path', async () => {
    const bad = { ...doc, portfolios: [{ id: 7, name: '' }] };
    const res = await t.app.inject({ method: 'POST', url: '/trpc/portfolio.import', payload: { document: bad } });
    // tRPC answers input-validation failures with its BAD_REQUEST (400); the problem carries the REST status.
    expect(res.json().error.data.problem).toMatchObject({ status: 422, errors: [{ path: 'document.portfolios.0.name' }] });
    const dup = await t.app.inject({ method: 'POST', url: '/trpc/portfolio.import', payload: { document: { ...doc, portfolios: [doc.portfolios[0], doc.portfolios[0]] } } });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error.data.problem.detail).toBe('document.portfolios[1].id: portfolio id 7 appears twice. Nothing was imported.');
  });
});
