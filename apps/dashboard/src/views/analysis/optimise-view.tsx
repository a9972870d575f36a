import { effectiveWeights, type Portfolio } from '@folio/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Symbols, Tooltip, XAxis, YAxis } from 'recharts';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorMessage } from '../../components/field';
import { formatPct, formatRatio } from '../../lib/format-figures';
import type { DateWindow } from '../../lib/price-window';
import { tickerColours } from '../../lib/ticker-colour';
import { usePortfolioCache } from '../../lib/use-portfolio-cache';
import { problemOf } from '../../problem';
import { useTRPC } from '../../trpc';

interface Figures {
  weights: Record<string, number>;
  expected_return: number;
  volatility: number;
  sharpe: number;
}

interface Choice {
  label: string;
  figures: Figures;
}

/** The marked portfolios drawn large enough to find on the frontier (symbol area in px²). */
const marker = (type: 'diamond' | 'star' | 'triangle', fill: string) =>
  function Marker(props: unknown) {
    const { cx, cy } = props as { cx?: number; cy?: number };
    return <Symbols cx={cx} cy={cy} type={type} size={280} fill={fill} stroke="#fff" strokeWidth={1.5} />;
  };

/** Two points of margin on each axis, so the marked portfolios at the frontier's ends are not cut by an axis. */
const PADDED: [(min: number) => number, (max: number) => number] = [(min) => Math.floor(min - 2), (max) => Math.ceil(max + 2)];

const point = (f: Figures, label: string) => ({ x: f.volatility * 100, y: f.expected_return * 100, label, figures: f });

/**
 * Weights as setWeights takes them: the optimiser's own numbers (the server accepts a sum within 1e-9
 * of 1, so rounding here could only push it past), float dust such as −1e-18 clamped to [0, 1].
 */
export function weightsToApply(weights: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(weights).map(([t, w]) => [t, Math.max(0, Math.min(1, w))]));
}

export function OptimiseView({ portfolio, window }: { portfolio: Portfolio; window: DateWindow }) {
  const trpc = useTRPC();
  const frontier = useQuery(trpc.analysis.frontier.queryOptions({ portfolio_id: portfolio.id, ...window, points: 30 }));
  const [choice, setChoice] = useState<Choice | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (frontier.isError) return <ErrorMessage>Could not compute the efficient frontier: {problemOf(frontier.error).detail}</ErrorMessage>;
  if (!frontier.data) return <p role="status" className="muted busy">Computing the efficient frontier…</p>;
  const f = frontier.data;
  const choose = (label: string, figures: Figures) => setChoice({ label, figures });
  // Until the user picks, the maximum-Sharpe portfolio (else minimum volatility) is shown beside the current weights.
  const shown = choice ?? (f.max_sharpe ? { label: 'Maximum Sharpe', figures: f.max_sharpe } : { label: 'Minimum volatility', figures: f.min_volatility });
  const onPoint = (entry: unknown) => {
    const p = (entry as { payload?: { label: string; figures: Figures } }).payload;
    if (p) choose(p.label, p.figures);
  };
  const { weights: current } = effectiveWeights(portfolio.stocks);
  const colours = tickerColours(portfolio.stocks.map((s) => s.ticker));

  return (
    <div>
      <div className="actions objective-buttons">
        <span className="muted">Objective:</span>
        <button type="button" onClick={() => choose('Minimum volatility', f.min_volatility)}>Minimum volatility</button>
        {f.max_sharpe ? (
          <button type="button" onClick={() => choose('Maximum Sharpe', f.max_sharpe!)}>Maximum Sharpe</button>
        ) : null}
        <span className="muted small">or click a point on the frontier</span>
      </div>
      <div className="optimise-grid">
        <figure className="chart-figure" aria-label="Efficient frontier">
          <figcaption>Efficient frontier ({f.observations} days, {f.from} to {f.to})</figcaption>
          <ResponsiveContainer width="100%" height={360}>
            <ScatterChart margin={{ top: 8, right: 24, bottom: 28, left: 8 }}>
              <CartesianGrid stroke="#e6e9ef" />
              <XAxis type="number" dataKey="x" name="Volatility" unit="%" domain={PADDED} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'Annual volatility (%)', position: 'insideBottom', offset: -16 }} />
              <YAxis type="number" dataKey="y" name="Expected return" unit="%" width={64} domain={PADDED} tickFormatter={(v: number) => v.toFixed(0)} label={{ value: 'Expected annual return (%)', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(2)}%` : String(v))} />
              <Legend verticalAlign="top" height={28} />
              <Scatter name="Frontier" data={f.points.map((p, i) => point(p, `Frontier point ${i + 1}`))} fill="#4e79a7" line={{ stroke: '#4e79a7' }} onClick={onPoint} cursor="pointer" isAnimationActive={false} />
              <Scatter name="Minimum volatility" data={[point(f.min_volatility, 'Minimum volatility')]} fill="#009e73" shape={marker('diamond', '#009e73')} legendType="diamond" onClick={onPoint} isAnimationActive={false} />
              {f.max_sharpe ? (
                <Scatter name="Maximum Sharpe" data={[point(f.max_sharpe, 'Maximum Sharpe')]} fill="#e69f00" shape={marker('star', '#e69f00')} legendType="star" onClick={onPoint} isAnimationActive={false} />
              ) : null}
              {f.portfolio ? (
                <Scatter name="This portfolio" data={[point(f.portfolio, 'This portfolio')]} fill="#b42318" shape={marker('triangle', '#b42318')} legendType="triangle" isAnimationActive={false} />
              ) : null}
            </ScatterChart>
          </ResponsiveContainer>
        </figure>
        <div className="chosen" aria-live="polite">
          {
            <>
              <h3>{shown.label}</h3>
              <p className="small">
                Return {formatPct(shown.figures.expected_return)} · volatility {formatPct(shown.figures.volatility)} · Sharpe{' '}
                {formatRatio(shown.figures.sharpe)}
              </p>
              <table className="table figures" aria-label="Chosen weights beside current">
                <thead>
                  <tr>
                    <th scope="col">Ticker</th>
                    <th scope="col" className="num">Current</th>
                    <th scope="col" className="num">Chosen</th>
                  </tr>
                </thead>
                <tbody>
                  {portfolio.stocks.map((s, i) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <span className="swatch" style={{ background: colours.get(s.ticker) }} aria-hidden="true" /> {s.ticker}
                      </th>
                      <td className="num">{formatPct(current[i] ?? 0)}</td>
                      <td className="num">{shown.figures.weights[s.ticker] === undefined ? '—' : formatPct(shown.figures.weights[s.ticker]!)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <button type="button" className="primary" onClick={() => setConfirming(true)}>
                Apply these weights…
              </button>
            </>
          }
        </div>
      </div>
      {confirming ? <ApplyDialog portfolio={portfolio} choice={shown} onClose={() => setConfirming(false)} /> : null}
    </div>
  );
}

function ApplyDialog({ portfolio, choice, onClose }: { portfolio: Portfolio; choice: Choice; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cache = usePortfolioCache(portfolio.id);
  const weights = weightsToApply(choice.figures.weights);
  const apply = useMutation(
    trpc.portfolio.setWeights.mutationOptions({
      onSuccess: (updated) => {
        cache.store(updated);
        // Valuation drift, risk and rebalance all read the targets just changed.
        void queryClient.invalidateQueries(trpc.analysis.pathFilter());
        void queryClient.invalidateQueries(trpc.portfolio.valuation.pathFilter());
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Set the ${choice.label.toLowerCase()} weights as targets?`}
      confirmLabel="Apply weights"
      busyLabel="Applying…"
      tone="primary"
      busy={apply.isPending}
      error={apply.error ? problemOf(apply.error).detail : null}
      onConfirm={() => apply.mutate({ id: portfolio.id, weights })}
      onCancel={onClose}
    >
      <p>
        The target weight of each holding becomes:{' '}
        {Object.entries(weights)
          .map(([t, w]) => `${t} ${formatPct(w)}`)
          .join(', ')}
        . Shares are not traded; the Rebalance tab lists the trades.
      </p>
    </ConfirmDialog>
  );
}
