import { useQueries } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PricePoint } from '@folio/contract/prices';
import { ErrorMessage } from '../../components/field';
import { normalisedRows } from '../../lib/returns';
import { tickerColours } from '../../lib/ticker-colour';
import { problemOf } from '../../problem';
import { useTRPC } from '../../trpc';
import type { DateWindow } from '../../lib/price-window';

/** Each ticker's price series in the window, by ticker (tickers without prices are left out). */
export function usePriceSeries(tickers: readonly string[], window: DateWindow) {
  const trpc = useTRPC();
  const queries = useQueries({
    queries: tickers.map((ticker) => trpc.prices.series.queryOptions({ ticker, ...window })),
  });
  const series = new Map<string, PricePoint[]>();
  queries.forEach((q, i) => {
    if (q.data && q.data.length > 0) series.set(tickers[i]!, q.data);
  });
  return {
    series,
    pending: queries.some((q) => q.isPending),
    error: queries.find((q) => q.isError)?.error ?? null,
  };
}

export function PricesView({ tickers, window }: { tickers: readonly string[]; window: DateWindow }) {
  const { series, pending, error } = usePriceSeries(tickers, window);
  if (error) return <ErrorMessage>Could not load prices: {problemOf(error).detail}</ErrorMessage>;
  if (pending) return <p role="status" className="muted">Loading prices…</p>;
  const missing = tickers.filter((t) => !series.has(t));
  const rows = normalisedRows(series);
  const colours = tickerColours(tickers);
  return (
    <figure className="chart-figure" aria-label="Prices normalised to 100 at the window's start">
      <figcaption>
        Price, normalised to 100 at the start of the window <span className="muted small">(adjusted close where given)</span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted">No prices in this window.</p>
      ) : (
        <ResponsiveContainer width="100%" height={360}>
          <LineChart data={rows} margin={{ top: 8, right: 24, bottom: 24, left: 8 }}>
            <CartesianGrid stroke="#e6e9ef" />
            <XAxis dataKey="date" minTickGap={48} label={{ value: 'Date', position: 'insideBottom', offset: -14 }} />
            {/* Log scale: over decades one ticker's ×800 would flatten the others into the axis. */}
            <YAxis
              width={84}
              scale="log"
              domain={['auto', 'auto']}
              allowDataOverflow
              tickFormatter={(v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 })}
              label={{ value: 'Index (start = 100, log scale)', angle: -90, position: 'insideLeft', offset: 0, style: { textAnchor: 'middle' } }}
            />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))} />
            <Legend verticalAlign="top" height={28} />
            {[...series.keys()].map((t) => (
              <Line key={t} dataKey={t} stroke={colours.get(t)} dot={false} strokeWidth={1.6} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      {missing.length > 0 ? <p className="muted small">No prices in this window for {missing.join(', ')}.</p> : null}
    </figure>
  );
}
