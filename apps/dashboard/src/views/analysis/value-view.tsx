import { useQuery } from '@tanstack/react-query';
import { formatMoney, formatPct, formatPp, formatShares } from '../../lib/format-figures';
import { problemOf } from '../../problem';
import { useTRPC } from '../../trpc';
import { ErrorMessage } from '../../components/field';

/** |drift| at or past this many percentage points is highlighted. */
export const DRIFT_THRESHOLD = 0.01;

const REASONS = {
  no_shares: 'No share count: set Shares to value it',
  no_price: 'No price on or before the date: upload its prices',
} as const;

/** Market value per holding at each ticker's latest close, value weight against target weight. */
export function ValueView({ portfolioId }: { portfolioId: number }) {
  const trpc = useTRPC();
  const valuation = useQuery(trpc.portfolio.valuation.queryOptions({ id: portfolioId }));
  if (valuation.isPending) return <p role="status" className="muted">Valuing holdings…</p>;
  if (valuation.isError) return <ErrorMessage>Could not value the portfolio: {problemOf(valuation.error).detail}</ErrorMessage>;
  const v = valuation.data;
  return (
    <div>
      <p className="figure-line">
        <span className="muted">Market value</span>{' '}
        <strong data-testid="total-value">{v.valued === 0 ? '—' : formatMoney(v.total_value)}</strong>{' '}
        <span className="muted small">
          ({v.valued} of {v.valued + v.unvalued} holdings valued, each at its latest close; prices in each instrument's own currency)
        </span>
      </p>
      <table className="table value-table">
        <caption className="visually-hidden">Market value of each holding</caption>
        <thead>
          <tr>
            <th scope="col">Ticker</th>
            <th scope="col" className="num">Shares</th>
            <th scope="col" className="num">Price</th>
            <th scope="col">Price date</th>
            <th scope="col" className="num">Market value</th>
            <th scope="col" className="num">Value weight</th>
            <th scope="col" className="num">Target weight</th>
            <th scope="col" className="num">Drift</th>
          </tr>
        </thead>
        <tbody>
          {v.holdings.map((h) => {
            const drifted = h.drift !== null && Math.abs(h.drift) >= DRIFT_THRESHOLD - 1e-12;
            return (
              <tr key={h.stock_id} className={drifted ? 'drifted' : undefined}>
                <th scope="row">{h.ticker}</th>
                <td className="num" data-label="Shares">{h.shares === null ? '—' : formatShares(h.shares)}</td>
                <td className="num" data-label="Price">{h.price === null ? '—' : formatMoney(h.price)}</td>
                <td data-label="Price date">{h.price_date ?? '—'}</td>
                {h.reason !== null ? (
                  <td colSpan={2} className="unvalued" data-label="Market value">{REASONS[h.reason]}</td>
                ) : (
                  <>
                    <td className="num" data-label="Market value">{h.market_value === null ? '—' : formatMoney(h.market_value)}</td>
                    <td className="num" data-label="Value weight">{h.value_weight === null ? '—' : formatPct(h.value_weight)}</td>
                  </>
                )}
                <td className="num" data-label="Target weight">{formatPct(h.target_weight)}</td>
                <td className="num" data-label="Drift">
                  {h.drift === null ? '—' : drifted ? <strong title="Drift of 1 percentage point or more">{formatPp(h.drift)} ⚑</strong> : formatPp(h.drift)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">Rows flagged ⚑ have drifted 1 percentage point or more from their target weight.</p>
    </div>
  );
}
