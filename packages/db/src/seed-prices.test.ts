import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoPortfolios } from './seed.js';
import { demoPriceModels, gbmCloses, seedDemoPrices, weekdaysEnding } from './seed-prices.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(() => db?.drop());

describe('synthetic demo prices', () => {
  it('five years of weekdays ending on the given day', () => {
    const days = weekdaysEnding(new Date(Date.UTC(2026, 10, 25)), 5); // a Wednesday
    expect(days.at(-1)).toBe('2026-11-25');
    expect(days[0]).toBe('2021-11-25');
    expect(days).toHaveLength(1305); // 261 weekdays a year, give or take
    expect(days.every((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
  });

  it('the walk is reproducible and its log returns have the model’s drift and volatility', () => {
    const model = { start: 100, drift: 0.1, volatility: 0.3 };
    const closes = gbmCloses(model, 50_001, 7);
    expect(gbmCloses(model, 50_001, 7)).toEqual(closes);
    expect(closes[0]).toBe(100);
    const logReturns = closes.slice(1).map((c, i) => Math.log(c / closes[i]!));
    const mean = logReturns.reduce((a, b) => a + b, 0) / logReturns.length;
    const sd = Math.sqrt(logReturns.reduce((a, b) => a + (b - mean) ** 2, 0) / (logReturns.length - 1));
    // GBM: daily log return ~ N((μ − σ²/2)/252, σ²/252). 50,000 draws: the sd is within ~1 % of
    // σ/√252; the mean's standard error is σ/√(252·50,000) ≈ 8.5e-5, so 5 of them is 4.2e-4.
    expect(sd * Math.sqrt(252)).toBeCloseTo(0.3, 2);
    expect(Math.abs(mean - (0.1 - 0.045) / 252)).toBeLessThan(4.2e-4);
  });

  it('covers every demo ticker, and seeding again adds nothing and leaves existing prices alone', async () => {
    const tickers = [...new Set(demoPortfolios.flatMap((p) => p.tickers))].sort();
    expect(Object.keys(demoPriceModels).sort()).toEqual(tickers);
    await db.knex('prices').insert({ ticker: 'MU', date: '2020-01-02', close: 42 }); // a user's real price
    const end = new Date(Date.UTC(2026, 10, 25));
    const first = await seedDemoPrices(db.knex, { end });
    expect(first.tickers).toEqual(tickers.filter((t) => t !== 'MU'));
    expect(first.rows).toBe(5 * 1305);
    expect(await seedDemoPrices(db.knex, { end })).toEqual({ tickers: [], rows: 0 });
    expect(await db.knex('prices').where({ ticker: 'MU' }).select('close')).toEqual([{ close: 42 }]);
    const { rows } = await db.knex.raw<{ rows: { n: number }[] }>('SELECT count(*)::int AS n FROM prices');
    expect(rows[0]!.n).toBe(5 * 1305 + 1);
  });
});
