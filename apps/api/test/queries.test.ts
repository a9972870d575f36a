// The read statements: byte-identical to the contract's JSON, a constant number of statements per
// read at any size, keyset pages that add up to the whole list, and index-backed plans.
import type { Portfolio as PortfolioDto } from '@folio/contract';
import { Portfolio, portfolioJson, readStatements } from '@folio/db';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createServices, type Services } from '../src/services/index.js';
import { rawJsonOf } from '../src/services/raw-json.js';

let db: TestDatabase;
let services: Services;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
  services = createServices({ db: db.knex });
});
afterAll(() => db?.drop());

const reset = () => db.emptyPortfolios();

/** The contract's object built in JS from the models: the reference the SQL must match byte for byte. */
function toPortfolioDto(p: Portfolio): PortfolioDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
    stocks: (p.stocks ?? []).map((s) => ({
      id: s.id,
      portfolio_id: s.portfolio_id,
      ticker: s.ticker,
      weight: s.weight,
      shares: s.shares,
      added_at: s.added_at.toISOString(),
    })),
  };
}

/** What the Objection read produced before: the reference for the hand-written statement. */
async function referenceJson(id: number): Promise<string> {
  const found = await Portfolio.query(db.knex).findById(id).withGraphFetched('stocks');
  if (!found) throw new Error(`no portfolio ${id}`);
  return JSON.stringify(toPortfolioDto(found));
}

async function referenceList(): Promise<string> {
  const all = await Portfolio.query(db.knex).withGraphFetched('stocks').orderBy('id');
  return JSON.stringify(all.map(toPortfolioDto));
}

/** n portfolios with `stocks` holdings each, in two statements whatever n is. */
async function seed(n: number, stocks: number) {
  await db.knex.raw(
    `INSERT INTO portfolios (name, description, created_at)
     SELECT 'Portfolio ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'about ' || i END,
            now() - make_interval(secs => i * 1.234567)
     FROM generate_series(1, ?::int) i`,
    [n],
  );
  // One statement per holding position: each stays well inside the pool's query timeout on a busy machine.
  for (let s = 1; s <= stocks; s++) {
    await db.knex.raw(
      `INSERT INTO portfolio_stocks (portfolio_id, ticker, weight, shares)
       SELECT p.id, 'T' || ?::int, CASE WHEN ?::int % 2 = 0 THEN NULL ELSE 0.05 END, ?::int * 10.5
       FROM portfolios p ORDER BY random()`,
      [s, s, s],
    );
  }
}

function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const listener = () => {
    statements += 1;
  };
  db.knex.on('query', listener);
  return work().then(
    (result) => {
      db.knex.off('query', listener);
      return { result, statements };
    },
    (err: unknown) => {
      db.knex.off('query', listener);
      throw err;
    },
  );
}

describe('read statements', () => {
  it('produce exactly the bytes JSON.stringify gives for the contract objects, odd values included', async () => {
    await reset();
    const [{ id }] = await db
      .knex('portfolios')
      .insert({ name: 'Quote " back\\slash \u0001 ctl \n nl \u2028 ls é 日本 😀 </script>', description: null })
      .returning('id');
    const weights = [0.1, 1e-7, 0.00001, 0.0001, 1 / 3, 0, -0, 5e-324];
    const shares = [1e15, 1e16, 123456789012345680000, 1e21, 0.5, -0, 999999999999999.9, 1.7976931348623157e308];
    await db.knex('portfolio_stocks').insert(
      weights.map((weight, i) => ({ portfolio_id: id, ticker: `X${i}`, weight: i === 1 ? null : weight / 10, shares: shares[i] })),
    );
    const [{ id: empty }] = await db.knex('portfolios').insert({ name: 'Empty', description: 'none' }).returning('id');
    const [{ id: plain }] = await db.knex('portfolios').insert({ name: 'Plain', description: 'd' }).returning('id');
    await db.knex('portfolio_stocks').insert({ portfolio_id: plain, ticker: 'AAPL', weight: 0.25, shares: 3 });
    // Sub-millisecond timestamps: Postgres keeps microseconds, the wire shows milliseconds (truncated).
    await db.knex.raw(`UPDATE portfolios SET created_at = '2026-11-24T18:37:54.773999Z' WHERE id = ?`, [plain]);

    for (const pid of [id, empty, plain]) expect(await portfolioJson(db.knex, pid)).toBe(await referenceJson(pid));
    // Writes answer with the same statement's JSON (PUT builds it in its own UPDATE statement).
    const renamed = await services.portfolios.update({ id, name: 'Renamed \u0001 "q"', description: 'd' });
    expect(rawJsonOf(renamed)).toBe(await referenceJson(id));
    const added = await services.portfolios.addStock({ portfolio_id: plain, ticker: 'MSFT', weight: 1e-6, shares: 1e17 });
    expect(rawJsonOf(added)).toBe(await referenceJson(plain));
    expect(rawJsonOf(await services.portfolios.list())).toBe(await referenceList());
    expect(await portfolioJson(db.knex, 999)).toBeUndefined();
  });

  it('take one statement per read, at 1 and at 1,000 portfolios', async () => {
    for (const n of [1, 1000]) {
      await reset();
      await seed(n, 5);
      const one = await countStatements(() => services.portfolios.byId(n));
      const all = await countStatements(() => services.portfolios.list());
      const page = await countStatements(() => services.portfolios.list({ limit: 100, cursor: 1 }));
      expect({ n, byId: one.statements, list: all.statements, page: page.statements }).toEqual({
        n,
        byId: 1,
        list: 1,
        page: 1,
      });
      expect(all.result).toHaveLength(n);
      expect(one.result.stocks).toHaveLength(5);
    }
  });

  it('keeps the unpaged list correct at 10,000 portfolios × 10 stocks; keyset pages add up to it; plans use indexes', async () => {
    await reset();
    await seed(10_000, 10);
    // As autovacuum would: VACUUM also moves the name index's pending GIN entries into the index proper,
    // which the planner counts on before choosing it.
    await db.knex.raw('VACUUM ANALYZE portfolios');
    await db.knex.raw('VACUUM ANALYZE portfolio_stocks');

    const whole = rawJsonOf(await services.portfolios.list());
    expect(whole).toBe(await referenceList());
    const parsed = JSON.parse(whole ?? '[]') as { id: number; stocks: { id: number }[] }[];
    expect(parsed).toHaveLength(10_000);
    expect(parsed.every((p) => p.stocks.length === 10)).toBe(true);
    expect(parsed.every((p) => p.stocks.every((s, i) => i === 0 || (p.stocks[i - 1]?.id ?? 0) < s.id))).toBe(true);

    const pages: unknown[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = JSON.parse(rawJsonOf(await services.portfolios.list({ limit: 1000, cursor })) ?? '[]') as { id: number }[];
      pages.push(...page);
      if (page.length < 1000) break;
      cursor = page.at(-1)?.id;
    }
    expect(pages).toEqual(parsed);

    const plan = async (sql: string, bindings: unknown[]) =>
      JSON.stringify((await db.knex.raw<{ rows: unknown[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, bindings as never)).rows);
    const byId = await plan(readStatements.byId, [5000]);
    expect(byId).toContain('"Index Name":"portfolios_pkey"');
    expect(byId).toContain('"Index Name":"portfolio_stocks_portfolio_id_ticker_unique"');
    expect(byId).not.toContain('Seq Scan');
    const page = await plan(readStatements.listPage, [5000, 100]);
    expect(page).toContain('"Index Name":"portfolios_pkey"');
    expect(page).not.toContain('Seq Scan');

    // Search (`q`): both sides through their indexes (trigram for names, prefix for tickers), and the same JSON as the full list's rows.
    const search = await plan(readStatements.listSearch, [0, '%portfolio 1234%', 'ZZ%', 100]);
    expect(search, search).toContain('"Index Name":"portfolios_name_trgm"');
    expect(search).toContain('"Index Name":"portfolio_stocks_ticker_prefix"');
    const found = JSON.parse(rawJsonOf(await services.portfolios.list({ q: 'portfolio 1234' })) ?? '[]') as { id: number }[];
    expect(found).toEqual(parsed.filter((p) => p.id === 1234));
    // Seeding 100,000 holdings and vacuuming take ~20 s on a busy two-core machine: a limit, not a timing.
  }, 120_000);
});
