import { WINDOW_LABELS, type WindowKind } from '../../lib/price-window';
import type { AnalysisWindow } from './use-analysis-window';

/** One window for every analysis on the page: 1/3/5 years back from the latest price, all, or custom. */
export function WindowPicker({ w }: { w: AnalysisWindow }) {
  const { choice, setChoice, window, latest } = w;
  return (
    <fieldset className="window-picker">
      <legend>Price window</legend>
      <div className="window-picker__options" role="radiogroup" aria-label="Price window">
        {(Object.keys(WINDOW_LABELS) as WindowKind[]).map((kind) => (
          <label key={kind} className={`chip${choice.kind === kind ? ' chip--on' : ''}`}>
            <input
              type="radio"
              name="price-window"
              value={kind}
              checked={choice.kind === kind}
              onChange={() => setChoice({ ...choice, kind })}
            />
            {WINDOW_LABELS[kind]}
          </label>
        ))}
      </div>
      {choice.kind === 'custom' ? (
        <div className="window-picker__custom">
          <label>
            From <input type="date" value={choice.from ?? ''} onChange={(e) => setChoice({ ...choice, from: e.target.value })} />
          </label>
          <label>
            To <input type="date" value={choice.to ?? ''} onChange={(e) => setChoice({ ...choice, to: e.target.value })} />
          </label>
        </div>
      ) : null}
      <p className="muted small window-picker__range" aria-live="polite">
        {latest === undefined
          ? 'No prices stored for these holdings yet.'
          : `Analyses read ${window.from ?? 'the first price'} to ${window.to ?? latest}${choice.kind.endsWith('y') ? ` (counted back from the latest price, ${latest})` : ''}.`}
      </p>
    </fieldset>
  );
}
