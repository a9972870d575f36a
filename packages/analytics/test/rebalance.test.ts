import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnalyticsInputError, rebalance } from '../src/index.js';

describe('rebalance', () => {
  const holdings = [
    { ticker: 'AAPL', shares: 10, price: 150 }, // 1,500
    { ticker: 'MSFT', shares: 5, price: 300 }, // 1,500
    { ticker: 'XOM', shares: 20, price: 50 }, // 1,000
    { ticker: 'OLD', shares: 3, price: null },
    { ticker: 'NEW', shares: null, price: 10 },
  ];

  it('values holdings, names what cannot be valued, and trades to the targets of value + cash', () => {
    const result = rebalance({ holdings, targets: { AAPL: 0.5, MSFT: 0.25, XOM: 0.25 }, cash: 1_000 });
    expect(result.total_value).toBe(4_000);
    expect(result.unvalued).toEqual([
      { ticker: 'OLD', reason: 'no price' },
      { ticker: 'NEW', reason: 'no shares' },
    ]);
    const aapl = result.lines.find((line) => line.ticker === 'AAPL')!;
    expect(aapl).toMatchObject({ value: 1_500, current_weight: 0.375, target_weight: 0.5, trade_value: 1_000 });
    expect(aapl.trade_shares).toBeCloseTo(1_000 / 150, 12);
    expect(result.net_trade_value).toBeCloseTo(1_000, 9);
    expect(result.cash_remaining).toBeCloseTo(0, 9);
  });

  it('with whole_shares buys round down and sells round up', () => {
    const result = rebalance({ holdings, targets: { AAPL: 0.5, MSFT: 0.25, XOM: 0.25 }, cash: 1_000, whole_shares: true });
    const trades = Object.fromEntries(result.lines.map((line) => [line.ticker, line.trade_shares]));
    // exact: AAPL +6.67, MSFT −0.83, XOM +5.
    expect(trades).toEqual({ AAPL: 6, MSFT: -1, XOM: 5 });
    expect(result.cash_remaining).toBe(1_000 - (6 * 150 - 300 + 5 * 50));
  });

  it('whole-share trades never need more cash than given (property, bounded)', () => {
    // Bounded by cases and by time (a synchronous property cannot outlive its test); fewer than 200
    // cases is not coverage and fails.
    const details = fc.check(
      fc.property(
        fc.array(fc.record({ shares: fc.integer({ min: 0, max: 1_000 }), price: fc.double({ min: 0.5, max: 2_000, noNaN: true }), target: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: -500, max: 50_000, noNaN: true }),
        (rows, cash) => {
          const total = rows.reduce((sum, row) => sum + row.target, 0);
          const scale = total > 1 ? 1 / total : 1;
          const value = rows.reduce((sum, row) => sum + row.shares * row.price, 0);
          if (value + cash < 0) return;
          const result = rebalance({
            holdings: rows.map((row, i) => ({ ticker: `T${i}`, shares: row.shares, price: row.price })),
            targets: Object.fromEntries(rows.map((row, i) => [`T${i}`, row.target * scale * (1 - 1e-12)])),
            cash,
            whole_shares: true,
          });
          expect(result.net_trade_value).toBeLessThanOrEqual(cash + 1e-6 * Math.max(1, Math.abs(cash)));
          for (const line of result.lines) {
            expect(Number.isInteger(line.trade_shares)).toBe(true);
            expect(line.shares + line.trade_shares).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300, plugins: [fc.interruptAfterTimeLimit(10_000)] },
    );
    console.log(`rebalance property: ${details.numRuns} cases${details.interrupted ? ' (stopped by the 10 s limit)' : ''}`);
    if (details.failed) {
      const cause = details.errorInstance;
      throw new Error(`${fc.defaultReportMessage(details)}\n${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    expect(details.numRuns).toBeGreaterThanOrEqual(200);
  });

  it('refuses targets it cannot honour', () => {
    expect(() => rebalance({ holdings, targets: { TSLA: 0.1 } })).toThrow(/names TSLA, which the portfolio does not hold/);
    expect(() => rebalance({ holdings, targets: { AAPL: 0.7, MSFT: 0.5 } })).toThrow(/sum to 1.2/);
    expect(() => rebalance({ holdings, targets: { AAPL: 1 }, cash: -5_000 })).toThrow(AnalyticsInputError);
  });
});
