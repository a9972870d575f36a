// A portfolio at market prices: what each holding is worth, its share of the value, its target and how
// far it drifted. Pure arithmetic over rows read by ValuationService; no I/O.
import { effectiveWeights } from '@folio/contract';
import type { Valuation, ValuedHolding } from '@folio/contract/prices';

export interface HoldingPrice {
  stock_id: number;
  ticker: string;
  weight: number | null;
  shares: number | null;
  /** the last close on or before the valuation date, if any */
  price: number | null;
  price_date: string | null;
}

export function valueHoldings(holdings: readonly HoldingPrice[]): Omit<Valuation, 'portfolio_id' | 'date'> {
  // Targets are read over every holding, as the dashboard does; values only over those with a value.
  const targets = effectiveWeights(holdings).weights;
  const values = holdings.map((h) => (h.shares !== null && h.price !== null ? h.shares * h.price : null));
  const total = values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const valued: ValuedHolding[] = holdings.map((h, i) => {
    const marketValue = values[i] ?? null;
    const valueWeight = marketValue !== null && total > 0 ? marketValue / total : null;
    const target = targets[i]!;
    return {
      stock_id: h.stock_id,
      ticker: h.ticker,
      shares: h.shares,
      price: h.price,
      price_date: h.price_date,
      market_value: marketValue,
      value_weight: valueWeight,
      target_weight: target,
      drift: valueWeight !== null ? valueWeight - target : null,
      reason: h.shares === null ? 'no_shares' : h.price === null ? 'no_price' : null,
    };
  });
  const count = values.filter((v) => v !== null).length;
  return { total_value: total, valued: count, unvalued: holdings.length - count, holdings: valued };
}
