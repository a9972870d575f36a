import { effectiveWeights, type Stock } from '@folio/contract';
import { formatPercent } from '../lib/format';
import { tickerColours } from '../lib/ticker-colour';

const UNALLOCATED = '#d5d9e0';
const RADIUS = 15.9155; // circumference 100, so a segment's dash length is its percentage

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
  let offset = 0;
  const summary = slices.map((s) => `${s.label} ${formatPercent(s.fraction)}`).join(', ');
  return (
    <figure className="chart" aria-labelledby="chart-title">
      <figcaption id="chart-title">Effective weights</figcaption>
      <div className="chart__body">
        <svg viewBox="0 0 42 42" className="chart__donut" role="img" aria-label={`Donut chart: ${summary}`}>
          <circle cx="21" cy="21" r={RADIUS} fill="none" stroke={UNALLOCATED} strokeWidth="6" />
          {slices.map((s) => {
            const length = s.fraction * 100;
            // Segments start at 12 o'clock and run clockwise; dashoffset walks along the circle.
            const circle = (
              <circle
                key={s.label}
                cx="21"
                cy="21"
                r={RADIUS}
                fill="none"
                stroke={s.colour}
                strokeWidth="6"
                strokeDasharray={`${length} ${100 - length}`}
                strokeDashoffset={25 - offset}
              />
            );
            offset += length;
            return circle;
          })}
        </svg>
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
