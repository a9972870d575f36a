import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { CheckViolationError, ForeignKeyViolationError, UniqueViolationError } from 'objection';
import { Portfolio } from './models/Portfolio.js';
import { PortfolioStock } from './models/PortfolioStock.js';
import { demoPortfolios, seedDemoData } from './seed.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(() => db?.drop());
beforeEach(async () => {
  await db.emptyPortfolios();
});

const count = async (table: string) => Number((await db.knex(table).count<{ count: string }[]>('* as count'))[0]?.count);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function makePortfolio(name = 'Tech Portfolio') {
  return Portfolio.query(db.knex).insertAndFetch({ name, description: null });
}

describe('models', () => {
  it('seed loads the spec demo data: 4 portfolios, 11 stock entries', async () => {
    await seedDemoData(db.knex);
    expect(await count('portfolios')).toBe(4);
    expect(await count('portfolio_stocks')).toBe(11);
    const tech = await Portfolio.query(db.knex).findOne({ name: 'Tech Portfolio' }).withGraphFetched('stocks');
    expect(tech?.stocks?.map((s) => s.ticker)).toEqual(demoPortfolios[0].tickers);
  });

  it('relate both ways: portfolio.stocks (ordered by id) and stock.portfolio', async () => {
    const p = await makePortfolio();
    await PortfolioStock.query(db.knex).insert([
      { portfolio_id: p.id, ticker: 'MSFT' },
      { portfolio_id: p.id, ticker: 'AAPL', weight: 0.5 },
    ]);
    const loaded = await Portfolio.query(db.knex).findById(p.id).withGraphFetched('stocks');
    expect(loaded?.stocks?.map((s) => s.ticker)).toEqual(['MSFT', 'AAPL']);
    const stock = await PortfolioStock.query(db.knex).findOne({ ticker: 'AAPL' }).withGraphFetched('portfolio');
    expect(stock?.portfolio?.name).toBe('Tech Portfolio');
    expect(stock?.weight).toBe(0.5);
  });

  it('cascade: deleting a portfolio deletes its stocks in the database', async () => {
    const keep = await makePortfolio('keep');
    const gone = await makePortfolio('gone');
    await PortfolioStock.query(db.knex).insert([
      { portfolio_id: keep.id, ticker: 'AAPL' },
      { portfolio_id: gone.id, ticker: 'AAPL' },
      { portfolio_id: gone.id, ticker: 'MSFT' },
    ]);
    await db.knex.raw('DELETE FROM portfolios WHERE id = ?', [gone.id]);
    expect(await db.knex('portfolio_stocks').where({ portfolio_id: gone.id })).toEqual([]);
    expect(await count('portfolio_stocks')).toBe(1);
  });

  it('the database rejects a duplicate ticker, an orphan stock and out-of-range values', async () => {
    const p = await makePortfolio();
    await PortfolioStock.query(db.knex).insert({ portfolio_id: p.id, ticker: 'AAPL' });
    await expect(PortfolioStock.query(db.knex).insert({ portfolio_id: p.id, ticker: 'AAPL' })).rejects.toBeInstanceOf(UniqueViolationError);
    await expect(PortfolioStock.query(db.knex).insert({ portfolio_id: p.id + 100, ticker: 'X' })).rejects.toBeInstanceOf(ForeignKeyViolationError);
    for (const bad of [{ weight: 1.5 }, { weight: -0.1 }, { shares: -1 }, { ticker: 'aapl' }, { ticker: 'A B' }]) {
      await expect(PortfolioStock.query(db.knex).insert({ portfolio_id: p.id, ticker: 'NEW', ...bad })).rejects.toBeInstanceOf(CheckViolationError);
    }
    await expect(db.knex('portfolios').insert({ name: '   ' })).rejects.toThrow(/portfolios_name_not_blank/);
    expect(await count('portfolio_stocks')).toBe(1);
  });

  it('explicit weights of a portfolio may not sum above 1, even written from SQL', async () => {
    const p = await makePortfolio();
    await db.knex('portfolio_stocks').insert([
      { portfolio_id: p.id, ticker: 'A', weight: 0.1 },
      { portfolio_id: p.id, ticker: 'B', weight: 0.2 },
      { portfolio_id: p.id, ticker: 'C', weight: 0.7 }, // 1.0000000000000002 in floats: allowed
      { portfolio_id: p.id, ticker: 'D', weight: null },
    ]);
    await expect(db.knex('portfolio_stocks').insert({ portfolio_id: p.id, ticker: 'E', weight: 0.01 })).rejects.toThrow(
      /portfolio_weights_sum_at_most_one|sum to/,
    );
    await expect(db.knex('portfolio_stocks').where({ ticker: 'A' }).update({ weight: 0.2 })).rejects.toThrow(/sum to/);
    // Another portfolio's weights are its own.
    const other = await makePortfolio('other');
    await db.knex('portfolio_stocks').insert({ portfolio_id: other.id, ticker: 'A', weight: 1 });
  });

  it('keeps updated_at: on portfolio update and on every stock insert, update and delete', async () => {
    const p = await makePortfolio();
    const updatedAt = async () => (await Portfolio.query(db.knex).findById(p.id))!.updated_at.getTime();
    let last = await updatedAt();
    expect(last).toBe(p.created_at.getTime());

    const steps: Array<() => Promise<unknown>> = [
      () => db.knex('portfolios').where({ id: p.id }).update({ name: 'Renamed' }),
      () => db.knex('portfolio_stocks').insert({ portfolio_id: p.id, ticker: 'AAPL' }),
      () => db.knex('portfolio_stocks').where({ portfolio_id: p.id }).update({ shares: 3 }),
      () => db.knex('portfolio_stocks').where({ portfolio_id: p.id }).delete(),
    ];
    for (const step of steps) {
      await sleep(5);
      await step();
      const now = await updatedAt();
      expect(now).toBeGreaterThan(last);
      last = now;
    }
    expect((await Portfolio.query(db.knex).findById(p.id))!.created_at.getTime()).toBe(p.created_at.getTime());
  });
});
