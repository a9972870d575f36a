// Property-based hostile input over every REST route and tRPC procedure (fast-check). For every case:
// never a 5xx; a 4xx is a problem document (REST: application/problem+json; tRPC: error.data.problem);
// and a rejected request leaves portfolios, stocks and prices exactly as they were.
//
// Each property is bounded twice: FUZZ_RUNS cases (default 1,000) and FUZZ_TIME_LIMIT_MS of running time
// (default 20 s), whichever comes first; it fails if fewer than MIN_RUNS cases ran, so a slow machine
// gives less coverage but never a vacuous pass. Properties run one after another, each from a freshly
// seeded database, and none outlives its test (see afterEach). The counts are printed at the end.
import { problemSchema } from '@folio/contract';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecuredApp, type SecuredTestApp } from './security-helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 20_000);
/** Fewer cases than this is not coverage: the property fails rather than pass on a handful. */
const MIN_RUNS = 200;
/**
 * The test's own limit: the property's time budget plus room for the case in flight when the budget
 * runs out (a deeply nested body can take seconds on a loaded machine) and for shrinking a failure.
 */
const PROPERTY_TEST_TIMEOUT = TIME_LIMIT_MS + 90_000;
const BODY_LIMIT = 64 * 1024;

let t: SecuredTestApp;
let fingerprint = '';
const counts: Record<string, { cases: number; byStatus: Record<number, number> }> = {};

beforeAll(async () => {
  // A small body limit so "huge" bodies are cheap to make; the limit itself is tested in limits.test.ts.
  t = await createSecuredApp({ bodyLimit: BODY_LIMIT });
});
/** The property now running, and whether its test has ended (so its remaining cases send nothing). */
let running: Promise<unknown> | undefined;
let testEnded = false;
beforeEach(async () => {
  await seed(); // every property starts from the same two portfolios, whatever the previous one wrote
});
afterEach(async () => {
  // A test that timed out leaves its property running: stop it sending requests and wait until its
  // last request has been answered, so it cannot write into the next property's database state.
  testEnded = true;
  await running?.catch(() => {});
  running = undefined;
  testEnded = false;
});
afterAll(async () => {
  const total = Object.values(counts).reduce((n, c) => n + c.cases, 0);
  const lines = Object.entries(counts).map(([route, c]) => `  ${route}: ${c.cases} cases ${JSON.stringify(c.byStatus)}`);
  console.log(`fuzz: ${total} cases over ${Object.keys(counts).length} routes\n${lines.join('\n')}`);
  await t?.close();
});

/** Two portfolios with stocks, so valid ids (1, 2; stocks 1-3) are among the generated ones. */
async function seed() {
  // Runs after every valid write, so it must be cheap on a loaded machine: DELETE and resetting the
  // sequences instead of TRUNCATE (new files, fsyncs), and no wait for the WAL flush (a seed need
  // not survive a crash).
  await t.db.knex.transaction(async (k) => {
    await k.raw('SET LOCAL synchronous_commit = off');
    await k.raw('DELETE FROM portfolios'); // stocks go with them (ON DELETE CASCADE)
    await k.raw('DELETE FROM idempotency_keys');
    await k.raw('DELETE FROM prices');
    await k('prices').insert([
      { ticker: 'AAPL', date: '2024-01-02', close: 185.5 },
      { ticker: '^GSPC', date: '2024-01-02', close: 4742.83, adj_close: 4742.83 },
    ]);
    await k.raw("SELECT setval(pg_get_serial_sequence('portfolios', 'id'), 1, false), setval(pg_get_serial_sequence('portfolio_stocks', 'id'), 1, false)");
    await k('portfolios').insert([{ name: 'One', description: 'first' }, { name: 'Two' }]);
    await k('portfolio_stocks').insert([
      { portfolio_id: 1, ticker: 'AAPL', weight: 0.4 },
      { portfolio_id: 1, ticker: 'MSFT', weight: 0.5 },
      { portfolio_id: 2, ticker: 'BRK.B', shares: 3 },
    ]);
  });
  fingerprint = await dbFingerprint();
}

async function dbFingerprint(): Promise<string> {
  const { rows } = await t.db.knex.raw<{ rows: { f: string }[] }>(`
    SELECT coalesce((SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM portfolios p), '') ||
           coalesce((SELECT md5(string_agg(s::text, ',' ORDER BY id)) FROM portfolio_stocks s), '') ||
           coalesce((SELECT md5(string_agg(x::text, ',' ORDER BY ticker, date)) FROM prices x), '') AS f`);
  return rows[0]?.f ?? '';
}

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as raw percent-bytes. */
function encode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

// ---- hostile values ------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  '', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202e', '\ufeff', '💥', 'Ａ', 'é', 'İ', '\r\n', '%00', '%', '../',
  'null', 'undefined', 'NaN', 'Infinity', '-0', '1e400', '-1e400', '0x10', '1_000', '9'.repeat(30), "'; DROP TABLE portfolios; --",
  '<script>alert(1)</script>', '{{7*7}}', '${jndi:x}', '__proto__', 'constructor',
);
const text = fc.oneof(
  nasty,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }).map((s) => s.repeat(8)),
);
const number = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 0.5, 1.0000001, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(text, scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);
/** Objects using the real field names, so many cases get past "not an object" to the field rules. */
const fieldNames = ['name', 'description', 'ticker', 'weight', 'shares', 'id', 'portfolio_id', 'stock_id', 'limit', 'cursor', 'prices', 'csv', 'date', 'close', 'from', 'to', '__proto__'];
const objectBody = fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), text), value, { maxKeys: 5 });
/** JSON text that JSON.stringify cannot make: out-of-range numbers, -0, NaN, deep nesting, broken syntax. */
const rawJson = fc.oneof(
  fc.constantFrom(
    '{"name": 1e400}', '{"weight": 1e400}', '{"weight": -0}', '{"weight": NaN}', '{"shares": -1e-400}', '{"name": "a\\u0000b"}',
    '{"name": "\\ud800"}', '{"name": "x", "name": 5}', '{"__proto__": {"name": "x"}}', '{"constructor": {"prototype": {}}}',
    '{', '}', '[', '"', 'nul', 'tru', '{"name":}', '{"a":1,}', "{'name': 'x'}", '\u0000', '\ufeff{"name":"x"}', ' ', '',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 1, max: 5_000 }).map((d) => `{"name":${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`),
  fc.integer({ min: BODY_LIMIT, max: BODY_LIMIT * 2 }).map((n) => JSON.stringify({ name: 'x', description: 'y'.repeat(n) })),
  fc.tuple(fc.constantFrom(...fieldNames), text).map(([k, v]) => `{"${k}": "${v}"}`), // unescaped: often invalid
);
/** Export-format documents, nearly valid: real header, portfolios whose fields are hostile values. */
const importDocument = fc
  .record({
    format: fc.oneof(fc.constant('folio-export'), text),
    version: fc.oneof(fc.constant(1), value),
    exported_at: fc.oneof(fc.constant('2026-11-24T10:00:00.000Z'), text),
    portfolios: fc.oneof(
      fc.array(
        fc.record(
          {
            id: fc.oneof(fc.constantFrom(1, 2, 3, 7), value),
            name: fc.oneof(fc.constant('Imported'), text),
            description: value,
            stocks: fc.oneof(fc.array(objectBody, { maxLength: 3 }), value),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      value,
    ),
  })
  .map((d) => JSON.stringify(d));

/** Price CSVs in each shape whose cells are often hostile (a valid one now and then gets written). */
const priceCell = fc.oneof(fc.constantFrom('1', '1.5', '', 'null', '2024-01-02', 'AAPL'), text.map((v) => v.replace(/[\r\n]/g, '')));
const priceCsv = fc
  .tuple(
    fc.constantFrom('date,AAPL,MSFT', ',^GSPC', 'ticker,date,close', 'Symbol,Date,Close,Adj Close', 'Date,Open,High,Low,Close,Adj Close,Volume', 'when,what'),
    fc.array(fc.array(priceCell, { minLength: 1, maxLength: 7 }), { maxLength: 4 }),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([header, rows, eol]) => [header, ...rows.map((cells) => cells.join(','))].join(eol));
const priceJson = fc
  .array(
    fc.record(
      {
        ticker: fc.oneof(fc.constantFrom('AAPL', '^GSPC', 'brk.b'), text),
        date: fc.oneof(fc.constantFrom('2024-01-02', '2024-02-30', '0000-01-01'), text),
        close: fc.oneof(number, value),
        adj_close: fc.oneof(number, value),
      },
      { requiredKeys: [] },
    ),
    { maxLength: 4 },
  )
  .map((prices) => JSON.stringify({ prices }));

const body = fc.oneof(
  { weight: 4, arbitrary: objectBody.map((o) => JSON.stringify(o)) },
  { weight: 3, arbitrary: rawJson },
  { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
      'application/json; charset=utf-16', 'application/json; charset=latin1', 'Application/JSON', 'application/json;;;',
      'application/problem+json', '*/*', '', 'application/octet-stream',
    ),
  },
  { weight: 1, arbitrary: text },
);
/**
 * Header values as Node can deliver them: bytes read as latin1, and no control characters (Node's
 * parser answers 400 itself for those; inject() would pass them on, which no real client can).
 */
const asWire = (v: string) => Buffer.from(v, 'utf8').toString('latin1').replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '');
const header = fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 60 }), nasty, text).map(asWire);
const headers = fc.record(
  {
    'x-request-id': header,
    authorization: fc.oneof(header, header.map((h) => `Bearer ${h}`)),
    'idempotency-key': header,
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/jsonl'),
    'trpc-accept': fc.constantFrom('application/jsonl', 'x'),
  },
  { requiredKeys: [] },
);
/** Path ids: mostly strings that are not positive 32-bit integers, sometimes a real id. */
const idParam = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('1', '2', '3', '999') },
  { weight: 1, arbitrary: fc.integer().map(String) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constantFrom('0', '-1', '01', '1.5', '1e3', '0x1', ' 1', '1 ', '+1', '2147483648', '99999999999999999999999', 'NaN', '-0', '%20', '%00', '%ZZ', '%F0%9F%92%A5', '..', '1;2', '1/2'),
      text.map(encode),
    ),
  },
);
/** Path tickers: real ones (URL-encoded), hostile text, broken escapes. */
const tickerParam = fc.oneof(
  fc.constantFrom('AAPL', '%5EGSPC', 'EURUSD%3DX', 'BRK.B', 'BF%2FB', 'aapl', '%ZZ', '%00', '..', 'A'.repeat(21)),
  text.map(encode),
);
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', 'input', 'batch'), text), fc.oneof(text, number.map(String))), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : ''));
const rawQuery = fc.constantFrom('?limit', '?limit=&cursor=', '?limit=1&limit=2', '?limit[]=1', '?limit[a]=1', '?%', '?limit=%00', '?cursor=-0', '?limit=1e400');

// ---- properties ----------------------------------------------------------------------------------

type Req = Omit<InjectOptions, 'headers' | 'payload'> & { headers: Record<string, string>; payload?: string };

function count(route: string, status: number) {
  const c = (counts[route] ??= { cases: 0, byStatus: {} });
  c.cases += 1;
  c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
}

async function judge(route: string, req: Req, kind: 'rest' | 'trpc') {
  let res: LightMyRequestResponse;
  try {
    res = await t.app.inject(req as InjectOptions);
  } catch (err) {
    // light-my-request refuses header values Node would never send (e.g. with CR/LF): not a server case.
    if (err instanceof TypeError && /header/i.test(err.message)) return;
    throw err;
  }
  count(route, res.statusCode);
  const context = () => `${route}: ${res.statusCode} for ${JSON.stringify({ ...req, payload: req.payload?.slice(0, 300) })}\n${res.body.slice(0, 500)}`;
  if (res.statusCode >= 500) throw new Error(`5xx ${context()}`);
  if (res.statusCode >= 400 && req.method === 'HEAD') return; // no body to judge
  if (res.statusCode >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (isBrowserNotFoundPage(req, res.statusCode, type)) {
      if ((await dbFingerprint()) !== fingerprint) throw new Error(`a rejected request changed the database: ${context()}`);
      return;
    }
    let parsed: any;
    try {
      parsed = res.json();
    } catch {
      throw new Error(`not JSON: ${context()}`);
    }
    const problem = type.startsWith('application/problem+json') ? parsed : kind === 'trpc' ? firstTrpcProblem(parsed) : undefined;
    const ok = problemSchema.safeParse(problem);
    if (!ok.success || ok.data.status < 400 || ok.data.status >= 500) throw new Error(`no 4xx problem: ${context()}`);
    if (/\bat .+:\d+:\d+|select |insert |update |delete from|pg_|knex|stack/i.test(res.body)) throw new Error(`leaks internals: ${context()}`);
    const now = await dbFingerprint();
    if (now !== fingerprint) throw new Error(`a rejected request changed the database: ${context()}`);
  } else if (req.method !== 'GET') {
    const now = await dbFingerprint();
    if (now !== fingerprint) await seed(); // a valid write got through: start the next case from the seed
  }
}

/**
 * The one 4xx that is not a problem document: a browser (Accept: text/html) navigating by GET to an
 * unknown page outside the API's paths gets the dashboard's own not-found page.
 */
function isBrowserNotFoundPage(req: Req, status: number, type: string) {
  const accept = Object.entries(req.headers).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
  return (
    status === 404 &&
    String(req.method).toUpperCase() === 'GET' &&
    type.startsWith('text/html') &&
    /\btext\/html\b/.test(accept) &&
    !/^\/(api|trpc|health|openapi\.json|docs)(\/|\?|$)/.test(String(req.url))
  );
}

function firstTrpcProblem(parsed: any) {
  const one = Array.isArray(parsed) ? parsed.find((r) => r?.error)?.error : parsed?.error;
  return one?.data?.problem;
}

function requestArb(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: fc.Arbitrary<string>, withBody: boolean) {
  return fc
    .record({
      path,
      query: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 2, arbitrary: queryString }, { weight: 1, arbitrary: rawQuery }),
      headers,
      contentType,
      payload: withBody ? body : fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: body }),
    })
    .map(({ path: p, query, headers: h, contentType: ct, payload }): Req => {
      const all: Record<string, string> = { ...(h as Record<string, string>) };
      if (ct !== undefined && payload !== undefined) all['content-type'] = ct;
      return { method, url: `${p}${query}`, headers: all, ...(payload !== undefined ? { payload } : {}) };
    });
}

const restRoutes: Array<[string, fc.Arbitrary<Req>]> = [
  ['GET /api/portfolios', requestArb('GET', fc.constant('/api/portfolios'), false)],
  ['POST /api/portfolios', requestArb('POST', fc.constant('/api/portfolios'), true)],
  ['GET /api/portfolios/:id', requestArb('GET', idParam.map((id) => `/api/portfolios/${id}`), false)],
  ['PUT /api/portfolios/:id', requestArb('PUT', idParam.map((id) => `/api/portfolios/${id}`), true)],
  ['DELETE /api/portfolios/:id', requestArb('DELETE', idParam.map((id) => `/api/portfolios/${id}`), false)],
  ['POST /api/portfolios/:id/stocks', requestArb('POST', idParam.map((id) => `/api/portfolios/${id}/stocks`), true)],
  ['PATCH /api/portfolios/:id/stocks/:stock_id', requestArb('PATCH', fc.tuple(idParam, idParam).map(([a, b]) => `/api/portfolios/${a}/stocks/${b}`), true)],
  ['DELETE /api/portfolios/:id/stocks/:stock_id', requestArb('DELETE', fc.tuple(idParam, idParam).map(([a, b]) => `/api/portfolios/${a}/stocks/${b}`), false)],
  ['POST /api/import', importArb()],
  ['GET /api/export', requestArb('GET', fc.constant('/api/export'), false)],
  ['POST /api/prices', pricesArb()],
  ['GET /api/prices', requestArb('GET', fc.constant('/api/prices'), false)],
  ['GET /api/prices/:ticker', requestArb('GET', tickerParam.map((ticker) => `/api/prices/${ticker}`), false)],
  ['DELETE /api/prices/:ticker', requestArb('DELETE', tickerParam.map((ticker) => `/api/prices/${ticker}`), false)],
  // whatever else answers (dashboard, /docs, /openapi.json) or does not: any method, any path
  [
    'any method, any path',
    fc
      .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), path: fc.oneof(fc.constantFrom('/', '/docs', '/docs/', '/openapi.json', '/health', '/api', '/api/', '/trpc', '/index.html', '/assets/x.js', '/..%2f..%2fetc/passwd', '//x'), text.map((p) => `/${encode(p)}`)) })
      .chain(({ method, path }) => requestArb(method as 'GET', fc.constant(path), method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS')),
  ],
];

function pricesArb(): fc.Arbitrary<Req> {
  const query = fc.constantFrom('', '?ticker=AAPL', '?ticker=%5EGSPC', '?ticker=', '?ticker=a%20b', '?ticker=AAPL&ticker=MSFT');
  const csvType = fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'application/json', 'text/plain', undefined);
  return fc
    .record({ payload: fc.oneof(priceCsv, priceJson, body), query, headers, contentType: csvType })
    .map(({ payload, query: q, headers: h, contentType: ct }): Req => {
      const all: Record<string, string> = { ...(h as Record<string, string>) };
      if (ct !== undefined && payload !== undefined) all['content-type'] = ct;
      return { method: 'POST', url: `/api/prices${q}`, headers: all, ...(payload !== undefined ? { payload } : {}) };
    });
}

function importArb(): fc.Arbitrary<Req> {
  const query = fc.constantFrom('', '?mode=merge', '?mode=replace', '?dry_run=true', '?mode=replace&dry_run=1', '?mode=x', '?dry_run=maybe', '?mode=merge&mode=replace');
  return fc
    .record({ doc: fc.oneof({ weight: 3, arbitrary: importDocument }, { weight: 2, arbitrary: body }), query, headers, contentType })
    .map(({ doc, query: q, headers: h, contentType: ct }): Req => {
      const all: Record<string, string> = { ...(h as Record<string, string>) };
      if (ct !== undefined && doc !== undefined) all['content-type'] = ct;
      return { method: 'POST', url: `/api/import${q}`, headers: all, ...(doc !== undefined ? { payload: doc } : {}) };
    });
}

/** tRPC input: mostly objects with the procedure's own field names, sent as GET ?input= or POST body. */
const trpcInput = fc.oneof(
  { weight: 4, arbitrary: objectBody.map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.tuple(importDocument, fc.constantFrom('merge', 'replace', 'x'), value).map(([d, m, dry]) => `{"document":${d},"mode":"${m}","dry_run":${JSON.stringify(dry) ?? 'false'}}`) },
  { weight: 1, arbitrary: fc.oneof(priceJson, fc.tuple(priceCsv, fc.option(text)).map(([csv, ticker]) => JSON.stringify({ csv, ticker: ticker ?? undefined }))) },
  { weight: 2, arbitrary: rawJson.filter((s) => s.length < 6000) },
  { weight: 1, arbitrary: value.map((v) => JSON.stringify(v) ?? '') },
);
const queries = ['portfolio.list', 'portfolio.byId', 'portfolio.export', 'system.health', 'prices.coverage', 'prices.series'];
const mutations = [
  'portfolio.import', 'portfolio.create', 'portfolio.update', 'portfolio.delete', 'portfolio.addStock', 'portfolio.updateStock', 'portfolio.removeStock',
  'prices.upsert', 'prices.delete',
];

function trpcArb(procedure: string, isQuery: boolean): fc.Arbitrary<Req> {
  const wrongMethod = fc.boolean().map((b) => (b ? 0 : 1));
  return fc.record({ input: trpcInput, headers, contentType, batch: fc.boolean(), wrong: wrongMethod }).map(({ input, headers: h, contentType: ct, batch, wrong }) => {
    const all: Record<string, string> = { ...(h as Record<string, string>) };
    // One case in two also tries the other HTTP method: a query by POST, a mutation by GET.
    const asQuery = wrong === 0 ? !isQuery : isQuery;
    const wrapped = batch ? `{"0":${input || 'null'}}` : input;
    const path = `/trpc/${procedure}${batch ? '?batch=1' : ''}`;
    if (asQuery) {
      const sep = batch ? '&' : '?';
      return { method: 'GET', url: `${path}${sep}input=${encode(wrapped)}`, headers: all };
    }
    if (ct !== undefined) all['content-type'] = ct;
    return { method: 'POST', url: path, headers: all, payload: wrapped };
  });
}

/** Runs one property within its two bounds; fails on a counterexample or when fewer than MIN_RUNS cases ran. */
async function checkProperty(route: string, arb: fc.Arbitrary<Req>, kind: 'rest' | 'trpc') {
  // fast-check's time limit stops waiting for the case in flight but cannot stop it: keep hold of it.
  let inFlight: Promise<void> | undefined;
  const property = fc.asyncProperty(arb, (req) => {
    if (testEnded) return Promise.resolve();
    inFlight = judge(route, req, kind);
    return inFlight;
  });
  const run = async () => {
    const details = await fc.check(property, { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] });
    // The case cut off by the time limit still runs (and may write): it must end before this property does.
    const cutOff = await inFlight?.then(() => undefined, (err: unknown) => err);
    return { details, cutOff };
  };
  const done = run();
  running = done;
  const { details, cutOff } = await done;
  console.log(`fuzz ${route}: ${details.numRuns} cases${details.interrupted ? ` (stopped by the ${TIME_LIMIT_MS} ms limit)` : ''}`);
  if (details.failed) {
    const cause = details.errorInstance;
    throw new Error(`${fc.defaultReportMessage(details)}\n${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  if (cutOff) throw cutOff;
  expect(details.numRuns, `${route}: only ${details.numRuns} cases ran within ${TIME_LIMIT_MS} ms`).toBeGreaterThanOrEqual(MIN_RUNS);
}

describe('fuzz: REST', () => {
  for (const [route, arb] of restRoutes) {
    it(`${route}: never 5xx, 4xx are problems, rejected requests write nothing`, () => checkProperty(route, arb, 'rest'), PROPERTY_TEST_TIMEOUT);
  }
});

describe('fuzz: tRPC', () => {
  for (const procedure of [...queries, ...mutations]) {
    it(`${procedure}: never 5xx, errors carry a 4xx problem, rejected calls write nothing`, async () => {
      await checkProperty(`tRPC ${procedure}`, trpcArb(procedure, queries.includes(procedure)), 'trpc');
    }, PROPERTY_TEST_TIMEOUT);
  }

  it('unknown procedures and paths', async () => {
    const arb = fc.record({ p: text, m: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') }).map(
      ({ p, m }): Req => ({ method: m as Req['method'], url: `/trpc/${encode(p)}`, headers: {} }),
    );
    await checkProperty('tRPC unknown', arb, 'trpc');
  }, PROPERTY_TEST_TIMEOUT);
});
