import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ErrorMessage, Field } from '../components/field';
import { ImportDialog } from '../components/import-dialog';
import { PortfolioForm } from '../components/portfolio-form';
import { downloadJson, exportFileName } from '../lib/export';
import { formatTimestamp } from '../lib/format';
import { formatMoney } from '../lib/format-figures';
import { isSortKey, listView, SORTS, type SortKey } from '../lib/list-view';
import { Link, navigate } from '../lib/router';
import { usePortfolioList } from '../lib/use-portfolio-list';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';

/** Search and sort live in the address (?q=&sort=) so a filtered list can be linked and reloaded. */
function useListParams(search: URLSearchParams) {
  const query = search.get('q') ?? '';
  const sortParam = search.get('sort');
  const sort: SortKey = isSortKey(sortParam) ? sortParam : 'updated';
  const set = (next: { q?: string; sort?: SortKey }) => {
    const params = new URLSearchParams();
    const q = next.q ?? query;
    const s = next.sort ?? sort;
    if (q) params.set('q', q);
    if (s !== 'updated') params.set('sort', s);
    const qs = params.toString();
    navigate(qs ? `/?${qs}` : '/', { replace: true });
  };
  return { query, sort, set };
}

/** Rows drawn at first and added by "Show more": the DOM stays small whatever the number of portfolios. */
const ROWS_STEP = 100;

export function PortfolioListPage({ search }: { search: URLSearchParams }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { query, sort, set } = useListParams(search);
  const { list, portfolios, complete } = usePortfolioList(query);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [rows, setRows] = useState(ROWS_STEP);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    document.title = 'Portfolios · Folio';
  }, []);
  useEffect(() => setRows(ROWS_STEP), [query, sort]);

  // The server filtered by `q`; while a new search loads, the previous answer is narrowed here.
  const shown = useMemo(() => listView(portfolios, query, sort), [portfolios, query, sort]);
  const none = complete && !query.trim() && portfolios.length === 0;

  const exportAll = async () => {
    setExporting(true);
    try {
      const document = await queryClient.fetchQuery({ ...trpc.portfolio.export.queryOptions(), staleTime: 0 });
      downloadJson(exportFileName('all'), document);
    } finally {
      setExporting(false);
    }
  };
  // Values only for the rows drawn: one valuation per row, batched into one request.
  const values = useMarketValues(shown.slice(0, rows).map((p) => p.id));

  return (
    <section aria-labelledby="list-title">
      <div className="page-head">
        <h1 id="list-title">Portfolios</h1>
        <div className="actions">
          <button type="button" onClick={() => void exportAll()} disabled={none || exporting}>
            {exporting ? 'Exporting…' : 'Export all as JSON'}
          </button>
          <button type="button" onClick={() => setImporting(true)}>
            Import JSON…
          </button>
          <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>
            New portfolio
          </button>
        </div>
      </div>

      {creating ? <CreatePortfolioForm onClose={() => setCreating(false)} /> : null}
      {importing ? <ImportDialog onClose={() => setImporting(false)} /> : null}

      <div className="toolbar" role="search">
        <Field
          label="Search by name or ticker"
          type="search"
          value={query}
          onChange={(e) => set({ q: e.target.value })}
          placeholder="e.g. Growth or AAPL"
        />
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" value={sort} onChange={(e) => set({ sort: e.target.value as SortKey })}>
            {Object.entries(SORTS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>

      {list.isPending ? (
        <p role="status" className="muted">
          Loading portfolios…
        </p>
      ) : list.isError ? (
        <div>
          <ErrorMessage>Could not load portfolios: {problemOf(list.error).detail}</ErrorMessage>
          <button type="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </div>
      ) : none ? (
        <div className="empty">
          <p>No portfolios yet.</p>
          {!creating ? (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Create the first portfolio
            </button>
          ) : null}
        </div>
      ) : shown.length === 0 && !list.isPlaceholderData && complete ? (
        <p className="empty" role="status">
          No portfolio has a name or ticker matching “{query}”.
        </p>
      ) : (
        <>
        <p className="muted list-count" role="status">
          {countText(shown.length, query, complete)}
        </p>
        <table className="table portfolios">
          <caption className="visually-hidden">{countText(shown.length, query, complete)}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Holdings
              </th>
              <th scope="col" className="num">
                Market value
              </th>
              <th scope="col">Last updated</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, rows).map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link href={`/portfolios/${p.id}`}>{p.name}</Link>
                </th>
                <td data-label="Description" className="description">
                  {p.description ?? <span className="muted">—</span>}
                </td>
                <td data-label="Holdings" className="num">
                  {/* one element, so the narrow layout's label/value grid keeps count and tickers together */}
                  <span>
                    {p.stocks.length}
                    {p.stocks.length > 0 ? (
                      <span className="tickers" title={p.stocks.map((s) => s.ticker).join(', ')}>
                        {' '}
                        · {p.stocks.slice(0, 4).map((s) => s.ticker).join(', ')}
                        {p.stocks.length > 4 ? ', …' : ''}
                      </span>
                    ) : null}
                  </span>
                </td>
                <td data-label="Market value" className="num">
                  <MarketValue value={values.get(p.id)} />
                </td>
                <td data-label="Last updated">
                  <time dateTime={p.updated_at}>{formatTimestamp(p.updated_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > rows ? (
          <button type="button" className="show-more" onClick={() => setRows((n) => n + ROWS_STEP)}>
            Show {Math.min(ROWS_STEP, shown.length - rows)} more (of {shown.length - rows} not shown)
          </button>
        ) : null}
        </>
      )}
    </section>
  );
}

function countText(count: number, query: string, complete: boolean): string {
  const n = `${count.toLocaleString('en')} portfolio${count === 1 ? '' : 's'}`;
  const what = query.trim() ? `${n} matching “${query.trim()}”` : n;
  return complete ? what : `${what} so far, loading more…`;
}

type ValueCell = { state: 'pending' } | { state: 'error' } | { state: 'done'; total: number; valued: number; unvalued: number };

/**
 * The market value of each portfolio shown. One portfolio.valuation query per row, fired together:
 * the tRPC link batches them into one HTTP request.
 */
function useMarketValues(ids: readonly number[]): Map<number, ValueCell> {
  const trpc = useTRPC();
  const results = useQueries({ queries: ids.map((id) => ({ ...trpc.portfolio.valuation.queryOptions({ id }), retry: false })) });
  return new Map(
    ids.map((id, i): [number, ValueCell] => {
      const r = results[i];
      if (r?.data) return [id, { state: 'done', total: r.data.total_value, valued: r.data.valued, unvalued: r.data.unvalued }];
      return [id, { state: r?.isError ? 'error' : 'pending' }];
    }),
  );
}

function MarketValue({ value }: { value: ValueCell | undefined }) {
  if (!value || value.state === 'pending') return <span className="muted">…</span>;
  if (value.state === 'error') return <span className="muted">unavailable</span>;
  if (value.valued === 0) return <span className="muted" title="No holding has both shares and a price">—</span>;
  return (
    <span title={value.unvalued > 0 ? `${value.unvalued} holdings without shares or price are not counted` : undefined}>
      {formatMoney(value.total)}
      {value.unvalued > 0 ? <span className="muted small"> ({value.valued} of {value.valued + value.unvalued})</span> : null}
    </span>
  );
}

function CreatePortfolioForm({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.portfolio.create.mutationOptions({
      onSuccess: (created) => {
        queryClient.setQueryData(trpc.portfolio.byId.queryKey({ id: created.id }), created);
        void queryClient.invalidateQueries(trpc.portfolio.list.pathFilter());
        navigate(`/portfolios/${created.id}`);
      },
    }),
  );
  return (
    <PortfolioForm
      heading="New portfolio"
      level={2}
      submitLabel="Create portfolio"
      pendingLabel="Creating…"
      pending={create.isPending}
      error={create.error}
      onSubmit={(values) => create.mutate(values)}
      onCancel={onClose}
    />
  );
}
