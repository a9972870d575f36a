import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorMessage, Field } from '../../components/field';
import { toCsv } from '../../lib/csv-export';
import { downloadBlob } from '../../lib/export';
import { formatMoney, formatPct, formatShares } from '../../lib/format-figures';
import { parseOptionalNumber } from '../../lib/format';
import { problemOf } from '../../problem';
import { useTRPC } from '../../trpc';
import type { RebalanceResult } from './types';

/** The trades that bring the holdings to their target weights, at each ticker's latest close. */
export function RebalanceView({ portfolioId, portfolioName }: { portfolioId: number; portfolioName: string }) {
  const trpc = useTRPC();
  const [wholeShares, setWholeShares] = useState(false);
  const [cashText, setCashText] = useState('0');
  const cash = parseOptionalNumber(cashText);
  const cashValid = typeof cash === 'number' && !cashText.trim().endsWith('%');
  const plan = useQuery({
    ...trpc.analysis.rebalance.queryOptions({ portfolio_id: portfolioId, whole_shares: wholeShares, cash: cashValid ? cash : 0 }),
    placeholderData: (previous) => previous,
  });
  const data = plan.data;
  return (
    <div>
      <div className="rebalance-options">
        <label className="checkbox">
          <input type="checkbox" checked={wholeShares} onChange={(e) => setWholeShares(e.target.checked)} /> Whole shares only
        </label>
        <Field
          label="Cash added (negative: withdrawn)"
          inputMode="decimal"
          value={cashText}
          onChange={(e) => setCashText(e.target.value)}
          error={cashText.trim() !== '' && !cashValid ? 'Enter an amount such as 5000 or -2000' : undefined}
        />
        <button type="button" disabled={!data} onClick={() => data && downloadBlob(`folio-rebalance-${portfolioId}.csv`, new Blob([rebalanceCsv(portfolioName, data)], { type: 'text/csv' }))}>
          Export trades as CSV
        </button>
      </div>
      {plan.isError ? <ErrorMessage>Could not plan the rebalance: {problemOf(plan.error).detail}</ErrorMessage> : null}
      {!data ? (
        plan.isPending ? <p role="status" className="muted busy">Planning trades…</p> : null
      ) : (
        <>
          <table className="table trades" aria-label="Trades">
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col" className="num">Price</th>
                <th scope="col" className="num">Shares held</th>
                <th scope="col" className="num">Current weight</th>
                <th scope="col" className="num">Target weight</th>
                <th scope="col" className="num">Trade (shares)</th>
                <th scope="col" className="num">Trade (value)</th>
              </tr>
            </thead>
            <tbody>
              {data.lines.map((l) => (
                <tr key={l.ticker}>
                  <th scope="row">{l.ticker}</th>
                  <td className="num">{formatMoney(l.price)}</td>
                  <td className="num">{formatShares(l.shares)}</td>
                  <td className="num">{formatPct(l.current_weight)}</td>
                  <td className="num">{formatPct(l.target_weight)}</td>
                  <td className={`num ${l.trade_shares > 0 ? 'buy' : l.trade_shares < 0 ? 'sell' : ''}`}>
                    {l.trade_shares === 0 ? '—' : `${l.trade_shares > 0 ? 'Buy' : 'Sell'} ${formatShares(Math.abs(l.trade_shares))}`}
                  </td>
                  <td className="num">{formatMoney(l.trade_value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small">
            Value {formatMoney(data.total_value)} · cash {formatMoney(data.cash)} · net trades {formatMoney(data.net_trade_value)} · cash left{' '}
            <strong data-testid="cash-remaining">{formatMoney(data.cash_remaining)}</strong>
          </p>
          {data.unvalued.length > 0 ? (
            <p className="warning">Not traded: {data.unvalued.map((u) => `${u.ticker} (${u.reason})`).join(', ')}.</p>
          ) : null}
        </>
      )}
    </div>
  );
}

export function rebalanceCsv(portfolioName: string, r: RebalanceResult): string {
  return toCsv([
    ['portfolio', 'ticker', 'price', 'shares', 'current_weight', 'target_weight', 'trade_shares', 'trade_value'],
    ...r.lines.map((l) => [portfolioName, l.ticker, l.price, l.shares, l.current_weight, l.target_weight, l.trade_shares, l.trade_value]),
  ]);
}
