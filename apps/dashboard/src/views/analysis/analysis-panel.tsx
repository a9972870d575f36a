import type { Portfolio } from '@folio/contract';
import { useState, type KeyboardEvent } from 'react';
import { Link } from '../../lib/router';
import { MonteCarloView } from './monte-carlo-view';
import { OptimiseView } from './optimise-view';
import { PricesView } from './prices-view';
import { RebalanceView } from './rebalance-view';
import { RiskView } from './risk-view';
import { useAnalysisWindow } from './use-analysis-window';
import { ValueView } from './value-view';
import { WindowPicker } from './window-picker';

const TABS = ['Value', 'Prices', 'Risk', 'Optimise', 'Monte Carlo', 'Rebalance'] as const;
type Tab = (typeof TABS)[number];

/** What the portfolio is worth and how it behaves: one tab per question, one price window for all. */
export function AnalysisPanel({ portfolio }: { portfolio: Portfolio }) {
  const [tab, setTab] = useState<Tab>('Value');
  const tickers = portfolio.stocks.map((s) => s.ticker);
  const w = useAnalysisWindow(tickers);
  const tabId = (t: Tab) => `tab-${t.replace(' ', '-').toLowerCase()}`;
  // Arrow keys move between tabs (WAI-ARIA tabs pattern).
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length]!;
    setTab(next);
    document.getElementById(tabId(next))?.focus();
  };

  if (portfolio.stocks.length === 0) return null;
  return (
    <section className="analysis" aria-labelledby="analysis-title">
      <h2 id="analysis-title">Analysis</h2>
      <WindowPicker w={w} />
      <p className="muted small synthetic-note">
        Prices loaded by the demo seed are synthetic (generated, not market data); upload real prices on the{' '}
        <Link href="/prices">Prices</Link> page for real figures.
      </p>
      <div role="tablist" aria-label="Analyses" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t}
            id={tabId(t)}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls="analysis-tabpanel"
            tabIndex={tab === t ? 0 : -1}
            className={`tab${tab === t ? ' tab--on' : ''}`}
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="analysis-tabpanel" aria-labelledby={tabId(tab)} className="tabpanel">
        {!w.coverageReady ? (
          <p role="status" className="muted">Reading price coverage…</p>
        ) : tab === 'Value' ? (
          <ValueView portfolioId={portfolio.id} />
        ) : tab === 'Prices' ? (
          <PricesView tickers={tickers} window={w.window} />
        ) : tab === 'Risk' ? (
          <RiskView portfolio={portfolio} window={w.window} benchmarks={w.allTickers} />
        ) : tab === 'Optimise' ? (
          <OptimiseView portfolio={portfolio} window={w.window} />
        ) : tab === 'Monte Carlo' ? (
          <MonteCarloView portfolioId={portfolio.id} window={w.window} />
        ) : (
          <RebalanceView portfolioId={portfolio.id} portfolioName={portfolio.name} />
        )}
      </div>
    </section>
  );
}
