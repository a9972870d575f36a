import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorMessage, Field } from '../../components/field';
import { formatMoney, formatPct } from '../../lib/format-figures';
import type { DateWindow } from '../../lib/price-window';
import { formErrors } from '../../problem';
import { useTRPC } from '../../trpc';

interface Inputs {
  paths: string;
  horizon_days: string;
  seed: string;
  initial_value: string;
}

const DEFAULTS: Inputs = { paths: '10000', horizon_days: '252', seed: '1', initial_value: '10000' };

/**
 * The simulation runs on the server (a worker thread there), so the page only waits: the request is
 * in flight while the page keeps handling input. The figures change only when Run is pressed.
 */
export function MonteCarloView({ portfolioId, window }: { portfolioId: number; window: DateWindow }) {
  const trpc = useTRPC();
  const [inputs, setInputs] = useState<Inputs>(DEFAULTS);
  const [run, setRun] = useState<Inputs | null>(null);
  const input = run && {
    portfolio_id: portfolioId,
    ...window,
    paths: Number(run.paths),
    horizon_days: Number(run.horizon_days),
    seed: Number(run.seed),
    initial_value: Number(run.initial_value),
  };
  const sim = useQuery({ ...trpc.analysis.monteCarlo.queryOptions(input ?? { portfolio_id: portfolioId }), enabled: input !== null, staleTime: Infinity });
  const errors = formErrors(sim.error, Object.keys(DEFAULTS));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRun({ ...inputs });
  };
  const field = (key: keyof Inputs, label: string, hint?: string) => (
    <Field
      label={label}
      hint={hint}
      inputMode="numeric"
      value={inputs[key]}
      onChange={(e) => setInputs({ ...inputs, [key]: e.target.value })}
      error={errors.fields[key]}
    />
  );
  const busy = sim.isFetching;
  const data = sim.data;
  return (
    <div>
      <form className="mc-form" aria-label="Monte Carlo inputs" onSubmit={submit}>
        {field('paths', 'Paths', 'up to 100,000')}
        {field('horizon_days', 'Horizon (trading days)', '252 ≈ one year')}
        {field('seed', 'Seed', 'same seed, same answer')}
        {field('initial_value', 'Starting value')}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Simulating…' : 'Run simulation'}
        </button>
      </form>
      {busy ? (
        <p role="status" className="busy">
          <span className="spinner" aria-hidden="true" /> Simulating {Number(run?.paths).toLocaleString('en-US')} paths on the server…
        </p>
      ) : null}
      {errors.form ? <ErrorMessage>Could not run the simulation: {errors.form}</ErrorMessage> : null}
      {run === null ? <p className="muted">Set the inputs and run the simulation.</p> : null}
      {data && !busy ? (
        <>
          <p className="figure-line" data-testid="mc-summary">
            <span className="muted">Probability of a loss</span> <strong data-testid="probability-of-loss">{formatPct(data.probability_of_loss)}</strong>
            <span className="muted"> · median end value</span> <strong>{formatMoney(data.terminal.p50)}</strong>
            <span className="muted"> · 5th–95th percentile</span> {formatMoney(data.terminal.p5)} – {formatMoney(data.terminal.p95)}
            <span className="muted small">
              {' '}
              ({data.paths.toLocaleString('en-US')} paths, {data.horizon_days} days, seed {data.seed}; fitted on {data.from} to {data.to})
            </span>
          </p>
          <figure className="chart-figure" aria-label="Monte Carlo fan chart">
            <figcaption>Simulated portfolio value over the horizon</figcaption>
            <ResponsiveContainer width="100%" height={340}>
              <ComposedChart
                data={data.bands.map((b) => ({ day: b.day, outer: [b.p5, b.p95], inner: [b.p25, b.p75], median: b.p50 }))}
                margin={{ top: 8, right: 24, bottom: 24, left: 16 }}
              >
                <CartesianGrid stroke="#e6e9ef" />
                <XAxis dataKey="day" type="number" domain={[0, 'dataMax']} label={{ value: 'Trading days from today', position: 'insideBottom', offset: -14 }} />
                <YAxis width={80} tickFormatter={(v: number) => formatMoney(v).replace(/\.00$/, '')} domain={['auto', 'auto']} label={{ value: 'Value', angle: -90, position: 'insideLeft', style: { textAnchor: 'middle' } }} />
                <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => formatMoney(Number(x))).join(' – ') : formatMoney(Number(v)))} labelFormatter={(d) => `Day ${d}`} />
                <Legend verticalAlign="top" height={28} />
                <Area dataKey="outer" name="5th–95th percentile" fill="#9ec5e8" stroke="none" isAnimationActive={false} />
                <Area dataKey="inner" name="25th–75th percentile" fill="#4e8fc9" stroke="none" isAnimationActive={false} />
                <Line dataKey="median" name="Median" stroke="#0b2e59" strokeWidth={2} dot={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </figure>
        </>
      ) : null}
    </div>
  );
}
