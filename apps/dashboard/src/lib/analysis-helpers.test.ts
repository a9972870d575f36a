import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-export';
import { resolveWindow, yearsBefore } from './price-window';
import { histogram, normalisedRows, portfolioReturns } from './returns';

describe('price window', () => {
  it('counts years back from the latest price, 29 February falling back to the 28th', () => {
    expect(resolveWindow({ kind: '3y' }, '2024-06-14')).toEqual({ from: '2021-06-14', to: '2024-06-14' });
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(resolveWindow({ kind: 'all' }, '2024-06-14')).toEqual({});
    expect(resolveWindow({ kind: 'custom', from: '2020-01-02', to: '' }, '2024-06-14')).toEqual({ from: '2020-01-02' });
    expect(resolveWindow({ kind: '1y' }, undefined)).toEqual({});
  });
});

describe('CSV export', () => {
  it('escapes cells a spreadsheet would run as formulas, quotes separators, keeps numbers', () => {
    expect(['=SUM(A1)', '+1', '-2', '@x', 'plain'].map(csvCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@x", 'plain']);
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(toCsv([['ticker', 'trade'], ['=HYPERLINK("x")', -3]])).toBe('ticker,trade\r\n"\'=HYPERLINK(""x"")",-3\r\n');
  });
});

describe('returns for the histogram', () => {
  const p = (date: string, close: number, adj_close: number | null = null) => ({ date, close, adj_close });
  it('weights daily returns on the dates every ticker has, reading adj_close first', () => {
    const series = new Map([
      ['A', [p('2024-01-01', 100), p('2024-01-02', 110), p('2024-01-03', 99)]],
      ['B', [p('2024-01-01', 50, 10), p('2024-01-03', 60, 12)]],
    ]);
    // only 01-01 and 01-03 are full: A −1 %, B +20 %
    const [r] = portfolioReturns(series, { A: 0.5, B: 0.5 });
    expect(r).toBeCloseTo(0.5 * -0.01 + 0.5 * 0.2, 12);
  });
  it('bins every value once and normalises each ticker to 100 at its first price', () => {
    const bins = histogram([0, 0.1, 0.2, 0.2, 1], 4);
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(5);
    expect(bins.at(-1)?.count).toBe(1);
    const rows = normalisedRows(new Map([['A', [p('2024-01-01', 4), p('2024-01-02', 5)]]]));
    expect(rows).toEqual([{ date: '2024-01-01', A: 100 }, { date: '2024-01-02', A: 125 }]);
  });
});
