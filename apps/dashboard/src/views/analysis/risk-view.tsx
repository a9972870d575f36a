import { effectiveWeights, type Portfolio } from '@folio/contract';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorMessage } from '../../components/field';
import { formatPct, formatRatio } from '../../lib/format-figures';
import type { DateWindow } from '../../lib/price-window';
import { histogram, portfolioReturns } from '../../lib/returns';
import { problemOf } from '../../problem';
import { useTRPC } from '../../trpc';
import { usePriceSeries } from './prices-view';

const CONFIDENCES = [0.95, 0.99] as const;

export function RiskView({ portfolio, window, benchmarks }: { portfolio: Portfolio; window: DateWindow; benchmarks: readonly string[] }) {
  const trpc = useTRPC();
  const [benchmark, setBenchmark] = useState('');
  const base = { portfolio_id: portfolio.id, ...window, ...(benchmark ? { benchmark } : {}) };
  const at95 = useQuery(trpc.analysis.risk.queryOptions({ ...base, confidence: 0.95 }));
  const at99 = useQuery(trpc.analysis.risk.queryOptions({ ...base, confidence: 0.99 }));
  const error = at95.error ?? at99.error;

  return (
    <div>
      <div className="field field--inline">
        <label htmlFor="benchmark">Benchmark for beta</label>
        <select id="benchmark" value={benchmark} onChange={(e) => setBenchmark(e.target.value)}>
          <option value="">None</option>
          {benchmarks.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <ErrorMessage>Could not compute the risk figures: {problemOf(error).detail}</ErrorMessage>
      ) : !at95.data || !at99.data ? (
        <p role="status" className="muted busy">Computing risk…</p>
      ) : (
        <div className="risk-grid">
          <table className="table figures" aria-label="Value at risk, one day">
            <thead>
              <tr>
                <th scope="col">One-day loss</th>
                {CONFIDENCES.map((c) => (
                  <th key={c} scope="col" className="num">{`${c * 100}%`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(['historical', 'parametric'] as const).map((method) =>
                (['var', 'cvar'] as const).map((measure) => (
                  <tr key={`${method}-${measure}`}>
                    <th scope="row">{`${method === 'historical' ? 'Historical' : 'Parametric (normal)'} ${measure === 'var' ? 'VaR' : 'CVaR'}`}</th>
                    <td className="num">{formatPct(at95.data[method][measure])}</td>
                    <td className="num">{formatPct(at99.data[method][measure])}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <table className="table figures" aria-label="Return and risk">
            <tbody>
              <tr><th scope="row">Annual return</th><td className="num">{formatPct(at95.data.annual_return)}</td></tr>
              <tr><th scope="row">Annual volatility</th><td className="num">{formatPct(at95.data.annual_volatility)}</td></tr>
              <tr><th scope="row">
                  Sharpe ratio <span className="muted small">(risk-free {formatPct(at95.data.risk_free_rate)})</span>
                </th><td className="num">{formatRatio(at95.data.sharpe)}</td></tr>
              <tr><th scope="row">Max drawdown</th><td className="num">{formatPct(at95.data.max_drawdown)}</td></tr>
              <tr>
                <th scope="row">Beta{benchmark ? ` vs ${benchmark}` : ''}</th>
                <td className="num">{at95.data.beta === undefined ? <span className="muted">pick a benchmark</span> : formatRatio(at95.data.beta)}</td>
              </tr>
              <tr><th scope="row">Observations</th><td className="num">
                  {at95.data.observations} days
                  <br />
                  <span className="muted small nowrap">
                    {at95.data.from} to {at95.data.to}
                  </span>
                </td></tr>
            </tbody>
          </table>
        </div>
      )}
      <ReturnsHistogram portfolio={portfolio} window={window} var95={at95.data?.historical.var} />
    </div>
  );
}

/** Daily portfolio returns in the window, computed here from the price series; the VaR line from the server. */
function ReturnsHistogram({ portfolio, window, var95 }: { portfolio: Portfolio; window: DateWindow; var95: number | undefined }) {
  const tickers = portfolio.stocks.map((s) => s.ticker);
  const { series, pending } = usePriceSeries(tickers, window);
  if (pending) return null;
  const { weights } = effectiveWeights(portfolio.stocks);
  const byTicker = Object.fromEntries(tickers.map((t, i) => [t, weights[i] ?? 0]));
  const bins = histogram(portfolioReturns(series, byTicker)).map((b) => ({ ...b, pct: b.mid * 100 }));
  if (bins.length === 0) return null;
  return (
    <figure className="chart-figure" aria-label="Histogram of daily returns">
      <figcaption>Daily returns of the portfolio (current target weights), with the 95% historical VaR</figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={bins} margin={{ top: 16, right: 24, bottom: 24, left: 8 }} barCategoryGap={1}>
          <CartesianGrid stroke="#e6e9ef" vertical={false} />
          <XAxis dataKey="pct" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => `${v.toFixed(1)}%`} label={{ value: 'Daily return (%)', position: 'insideBottom', offset: -14 }} />
          <YAxis width={56} allowDecimals={false} label={{ value: 'Days', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
          <Tooltip labelFormatter={(v) => `${Number(v).toFixed(2)}%`} formatter={(v) => [v, 'days']} />
          <Bar dataKey="count" fill="#4e79a7" isAnimationActive={false} />
          {var95 !== undefined ? (
            <ReferenceLine x={-var95 * 100} stroke="#b42318" strokeWidth={2} strokeDasharray="5 3" label={{ value: `VaR 95% −${(var95 * 100).toFixed(2)}%`, position: 'top', fill: '#b42318' }} />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
