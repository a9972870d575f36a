import { requireNumber } from './checks.js';
import { AnalyticsInputError } from './errors.js';

export interface Holding {
  ticker: string;
  /** null when the portfolio records no share count for the ticker. */
  shares: number | null;
  /** The latest price; null when there is none. */
  price: number | null;
}

export interface RebalanceRequest {
  holdings: Holding[];
  /** Target weight per ticker in [0, 1], summing to ≤ 1 (the rest stays cash). A valued holding not named targets 0. */
  targets: Record<string, number>;
  /** Trade whole shares only (default false); see the rounding rule on `rebalance`. */
  whole_shares?: boolean;
  /** Money added (positive) or withdrawn (negative) with the rebalance; default 0. */
  cash?: number;
}

export interface RebalanceLine {
  ticker: string;
  price: number;
  shares: number;
  value: number;
  current_weight: number;
  target_weight: number;
  trade_shares: number;
  trade_value: number;
}

export interface RebalanceResult {
  lines: RebalanceLine[];
  /** Holdings left out: no price or no share count. They are neither traded nor counted in the totals. */
  unvalued: { ticker: string; reason: 'no price' | 'no shares' }[];
  /** Value of the valued holdings before the rebalance. */
  total_value: number;
  cash: number;
  /** Σ trade_value: what the trades need (negative: what they release). Never above `cash`. */
  net_trade_value: number;
  /** cash − net_trade_value: left uninvested (≥ 0 up to rounding). */
  cash_remaining: number;
}

/**
 * Trades that move each valued holding to its target weight of (holdings' value + cash). With
 * `whole_shares`, a buy is rounded down and a sell rounded up to whole shares (a sell never beyond the
 * shares held), so each trade needs no more cash than its exact version and the trades together never
 * need more than `cash`; what rounding leaves is reported as `cash_remaining`.
 */
export function rebalance(request: RebalanceRequest): RebalanceResult {
  const cash = requireNumber(request.cash ?? 0, 'cash');
  const wholeShares = request.whole_shares ?? false;
  const unvalued: RebalanceResult['unvalued'] = [];
  const valued: { ticker: string; shares: number; price: number }[] = [];
  const seen = new Set<string>();
  for (const holding of request.holdings) {
    if (seen.has(holding.ticker)) throw new AnalyticsInputError(`${holding.ticker} is listed twice in the holdings.`, 'holdings');
    seen.add(holding.ticker);
    if (holding.price === null) unvalued.push({ ticker: holding.ticker, reason: 'no price' });
    else if (holding.shares === null) unvalued.push({ ticker: holding.ticker, reason: 'no shares' });
    else {
      valued.push({
        ticker: holding.ticker,
        shares: requireNumber(holding.shares, `holdings.${holding.ticker}.shares`, 0),
        price: requireNumber(holding.price, `holdings.${holding.ticker}.price`, Number.MIN_VALUE),
      });
    }
  }

  let targetSum = 0;
  for (const [ticker, weight] of Object.entries(request.targets)) {
    requireNumber(weight, `targets.${ticker}`, 0, 1);
    if (!seen.has(ticker)) {
      throw new AnalyticsInputError(`The target names ${ticker}, which the portfolio does not hold.`, `targets.${ticker}`);
    }
    if (valued.some((holding) => holding.ticker === ticker)) targetSum += weight;
  }
  if (targetSum > 1 + 1e-9) {
    throw new AnalyticsInputError(`The target weights sum to ${targetSum}; they may sum to at most 1.`, 'targets');
  }

  const totalValue = valued.reduce((sum, holding) => sum + holding.shares * holding.price, 0);
  const newTotal = totalValue + cash;
  if (newTotal < 0) {
    throw new AnalyticsInputError(
      `Withdrawing ${-cash} is more than the holdings are worth (${totalValue}).`,
      'cash',
    );
  }

  const lines = valued.map(({ ticker, shares, price }): RebalanceLine => {
    const value = shares * price;
    const targetWeight = request.targets[ticker] ?? 0;
    const exactTrade = (targetWeight * newTotal - value) / price;
    let tradeShares = exactTrade;
    if (wholeShares) {
      // Buys down, sells up: never more cash out (or less cash in) than the exact trade.
      tradeShares = exactTrade >= 0 ? Math.floor(exactTrade + 1e-9) : Math.max(-Math.ceil(-exactTrade - 1e-9), -shares);
    }
    return {
      ticker,
      price,
      shares,
      value,
      current_weight: totalValue > 0 ? value / totalValue : 0,
      target_weight: targetWeight,
      trade_shares: tradeShares,
      trade_value: tradeShares * price,
    };
  });
  const netTradeValue = lines.reduce((sum, line) => sum + line.trade_value, 0);
  return { lines, unvalued, total_value: totalValue, cash, net_trade_value: netTradeValue, cash_remaining: cash - netTradeValue };
}
