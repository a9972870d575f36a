import { effectiveWeights, type Stock } from '@folio/contract';
import { Cell, Pie, PieChart } from 'recharts';
import { formatPercent } from '../lib/format';
import { tickerColours } from '../lib/ticker-colour';

const UNALLOCATED = '#d5d9e0';

export interface Slice {
  label: string;
  fraction: number;
  colour: string;
  /** how the fraction came about, in words */
  basis: string;
}

/** The chart's reading of a portfolio: explicit weights as given, the rest split among null weights. */
export function slicesOf(stocks: readonly Stock[]) {
  const { weights, explicitTotal, starved } = effectiveWeights(stocks);
  const colours = tickerColours(stocks.map((s) => s.ticker));
  const slices: Slice[] = stocks.map((s, i) => ({
    label: s.ticker,
    fraction: weights[i] ?? 0,
    colour: colours.get(s.ticker) ?? UNALLOCATED,
    basis: s.weight === null ? 'equal share' : 'set',
  }));
  const unallocated = 1 - weights.reduce((a, b) => a + b, 0);
  if (unallocated > 1e-9) slices.push({ label: 'Unallocated', fraction: unallocated, colour: UNALLOCATED, basis: 'no holding' });
  const starvedTickers = starved ? stocks.filter((s) => s.weight === null).map((s) => s.ticker) : [];
  return { slices, explicitTotal, starvedTickers };
}

export function WeightsChart({ stocks }: { stocks: readonly Stock[] }) {
  if (stocks.length === 0) {
    return (
      <figure className="chart" aria-labelledby="chart-title">
        <figcaption id="chart-title">Effective weights</figcaption>
        <p className="muted">Add a holding to see how the portfolio is weighted.</p>
      </figure>
    );
  }
  const { slices, explicitTotal, starvedTickers } = slicesOf(stocks);
  const summary = slices.map((s) => `${s.label} ${formatPercent(s.fraction)}`).join(', ');
  return (
    <figure className="chart" aria-labelledby="chart-title">
      <figcaption id="chart-title">Effective weights</figcaption>
      <div className="chart__body">
        <div role="img" aria-label={`Donut chart: ${summary}`} className="chart__donut">
          {/* Fixed size: the donut sits in a 320px column, and a fixed chart renders without measuring. */}
          <PieChart width={190} height={190}>
            <Pie
              data={slices}
              dataKey="fraction"
              nameKey="label"
              innerRadius={58}
              outerRadius={90}
              startAngle={90}
              endAngle={-270}
              isAnimationActive={false}
              stroke="#fff"
            >
              {slices.map((s) => (
                <Cell key={s.label} fill={s.colour} />
              ))}
            </Pie>
          </PieChart>
        </div>
        <ul className="chart__legend" aria-label="Effective weight of each holding">
          {slices.map((s) => (
            <li key={s.label}>
              <span className="swatch" style={{ background: s.colour }} aria-hidden="true" />
              <span className="chart__ticker">{s.label}</span>
              <span className="chart__value">{formatPercent(s.fraction)}</span>
              <span className="chart__basis">{s.basis}</span>
            </li>
          ))}
        </ul>
      </div>
      <p className="muted">Explicit weights add up to {formatPercent(explicitTotal)}.</p>
      {starvedTickers.length > 0 ? (
        <p className="warning" role="status">
          Explicit weights leave nothing for {starvedTickers.join(', ')} (no weight set), so{' '}
          {starvedTickers.length === 1 ? 'it gets' : 'they get'} 0%. Lower an explicit weight or give{' '}
          {starvedTickers.length === 1 ? 'it' : 'them'} a weight.
        </p>
      ) : null}
    </figure>
  );
}
