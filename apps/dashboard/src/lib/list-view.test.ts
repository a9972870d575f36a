import type { Portfolio } from '@folio/contract';
import { describe, expect, it } from 'vitest';
import { isSortKey, listView, matches } from './list-view';

const p = (id: number, name: string, tickers: string[], updated: string, created = updated): Portfolio => ({
  id,
  name,
  description: null,
  created_at: created,
  updated_at: updated,
  stocks: tickers.map((ticker, i) => ({ id: id * 10 + i, portfolio_id: id, ticker, weight: null, shares: null, added_at: created })),
});

const all = [
  p(1, 'Global Tech', ['AAPL', 'MSFT'], '2026-11-02T00:00:00.000Z'),
  p(2, 'dividend income', ['KO', 'PG', 'PEP'], '2026-11-03T00:00:00.000Z', '2026-10-01T00:00:00.000Z'),
  p(3, 'Bonds', [], '2026-11-01T00:00:00.000Z', '2026-11-05T00:00:00.000Z'),
];

describe('list view', () => {
  it('matches names anywhere in any case, tickers from their start', () => {
    expect(matches(all[0]!, 'tech')).toBe(true);
    expect(matches(all[0]!, 'msf')).toBe(true);
    expect(matches(all[0]!, 'sft')).toBe(false);
    expect(matches(all[2]!, '  ')).toBe(true);
  });

  it('sorts by each key, without touching its input', () => {
    const names = (sort: Parameters<typeof listView>[2]) => listView(all, '', sort).map((x) => x.id);
    expect(names('updated')).toEqual([2, 1, 3]);
    expect(names('created')).toEqual([3, 1, 2]);
    expect(names('name')).toEqual([3, 2, 1]); // case-insensitive
    expect(names('holdings')).toEqual([2, 1, 3]);
    expect(all.map((x) => x.id)).toEqual([1, 2, 3]);
    expect(listView(all, 'pep', 'name').map((x) => x.id)).toEqual([2]);
  });

  it('knows its sort keys', () => {
    expect(isSortKey('name')).toBe(true);
    expect(isSortKey('toString')).toBe(false);
    expect(isSortKey(null)).toBe(false);
  });
});
