import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AddStockForm } from '../components/add-stock-form';
import { ErrorMessage } from '../components/field';
import { HoldingsTable } from '../components/holdings-table';
import { PortfolioDetails } from '../components/portfolio-details';
import { WeightsChart } from '../components/weights-chart';
import { AnalysisPanel } from './analysis/analysis-panel';
import { Link } from '../lib/router';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';

export function PortfolioPage({ id }: { id: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.portfolio.byId.queryOptions({ id }));
  const name = query.data?.name;
  useEffect(() => {
    document.title = `${name ?? `Portfolio ${id}`} · Folio`;
  }, [id, name]);

  const back = (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <Link href="/">← All portfolios</Link>
    </nav>
  );
  if (query.isPending) {
    return (
      <section>
        {back}
        <p role="status" className="muted">
          Loading portfolio {id}…
        </p>
      </section>
    );
  }
  if (query.isError) {
    const problem = problemOf(query.error);
    return (
      <section>
        {back}
        <h1>{problem.status === 404 ? 'Portfolio not found' : 'Could not load the portfolio'}</h1>
        <ErrorMessage>{problem.detail}</ErrorMessage>
        {problem.status !== 404 ? (
          <button type="button" onClick={() => void query.refetch()}>
            Try again
          </button>
        ) : null}
      </section>
    );
  }
  const portfolio = query.data;
  return (
    <section aria-label={portfolio.name}>
      {back}
      <PortfolioDetails portfolio={portfolio} />
      {/* Three areas, not two columns: on a narrow screen the chart sits between the table and the form. */}
      <div className="portfolio-grid">
        <div className="portfolio-grid__holdings">
          <h2>Holdings ({portfolio.stocks.length})</h2>
          <HoldingsTable portfolio={portfolio} />
        </div>
        <aside className="portfolio-grid__chart">
          <WeightsChart stocks={portfolio.stocks} />
        </aside>
        <div className="portfolio-grid__add">
          <AddStockForm portfolio={portfolio} />
        </div>
      </div>
      <AnalysisPanel portfolio={portfolio} />
    </section>
  );
}
