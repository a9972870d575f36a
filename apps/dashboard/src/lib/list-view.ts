import type { Portfolio } from '@folio/contract';

export const SORTS = {
  updated: 'Last updated, newest first',
  name: 'Name, A to Z',
  holdings: 'Number of holdings, most first',
  created: 'Created, newest first',
} as const;
export type SortKey = keyof typeof SORTS;

export const isSortKey = (s: string | null): s is SortKey => s !== null && Object.hasOwn(SORTS, s);

// One collator for every comparison: localeCompare builds one per call, which at 10,000 rows is most of a sort.
const collator = new Intl.Collator('en', { sensitivity: 'base' });
const byName = (a: Portfolio, b: Portfolio) => collator.compare(a.name, b.name) || a.id - b.id;

const compare: Record<SortKey, (a: Portfolio, b: Portfolio) => number> = {
  updated: (a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id,
  created: (a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id,
  name: byName,
  holdings: (a, b) => b.stocks.length - a.stocks.length || byName(a, b),
};

/**
 * A query matches a portfolio's name (anywhere, any case) or one of its tickers (from the start): the
 * server's `q` rule, applied here too so the previous answer narrows at once while the next one loads.
 */
export function matches(p: Portfolio, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return p.name.toLowerCase().includes(q) || p.stocks.some((s) => s.ticker.toLowerCase().startsWith(q));
}

export function listView(portfolios: readonly Portfolio[], query: string, sort: SortKey): Portfolio[] {
  return portfolios.filter((p) => matches(p, query)).sort(compare[sort]);
}
