import { uploadPricesCsv, type PriceImportReport } from '@folio/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { readApiKey } from '../api-key';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorMessage } from '../components/field';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';

/** Price history: what is stored per ticker, uploads of CSV files, deletion of a ticker's prices. */
export function PricesPage() {
  const trpc = useTRPC();
  const coverage = useQuery(trpc.prices.coverage.queryOptions());
  const [deleting, setDeleting] = useState<string | null>(null);
  useEffect(() => {
    document.title = 'Prices · Folio';
  }, []);
  return (
    <section aria-labelledby="prices-title">
      <h1 id="prices-title">Prices</h1>
      <p className="muted">
        Daily closes per ticker, read by valuations and analyses. Prices loaded by the demo seed are <strong>synthetic</strong>{' '}
        (generated for demonstration, not market data).
      </p>
      <UploadForm />
      <h2>Coverage</h2>
      {coverage.isPending ? (
        <p role="status" className="muted">Loading coverage…</p>
      ) : coverage.isError ? (
        <ErrorMessage>Could not load coverage: {problemOf(coverage.error).detail}</ErrorMessage>
      ) : coverage.data.length === 0 ? (
        <p className="empty">No prices stored yet. Upload a CSV above.</p>
      ) : (
        <table className="table coverage">
          <caption className="visually-hidden">{coverage.data.length} tickers with prices</caption>
          <thead>
            <tr>
              <th scope="col">Ticker</th>
              <th scope="col">First date</th>
              <th scope="col">Last date</th>
              <th scope="col" className="num">Rows</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {coverage.data.map((c) => (
              <tr key={c.ticker}>
                <th scope="row">{c.ticker}</th>
                <td data-label="First date">{c.first_date}</td>
                <td data-label="Last date">{c.last_date}</td>
                <td className="num" data-label="Rows">{c.rows.toLocaleString('en-US')}</td>
                <td className="row-actions">
                  <button type="button" className="danger-link" onClick={() => setDeleting(c.ticker)} aria-label={`Delete prices of ${c.ticker}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting ? <DeletePricesDialog ticker={deleting} onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}

/** Uploads go to REST POST /api/prices (text/csv): a whole file is past tRPC's 1 MiB body limit. */
function UploadForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [ticker, setTicker] = useState('');
  const upload = useMutation({
    mutationFn: (f: File) => {
      const key = readApiKey();
      return uploadPricesCsv({ url: window.location.origin, ...(key ? { token: key } : {}) }, f, ticker.trim() ? { ticker: ticker.trim() } : {});
    },
    onSuccess: () => {
      void queryClient.invalidateQueries(trpc.prices.pathFilter());
      void queryClient.invalidateQueries(trpc.portfolio.valuation.pathFilter());
      void queryClient.invalidateQueries(trpc.analysis.pathFilter());
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <form className="panel upload" aria-label="Upload prices" onSubmit={submit}>
      <h2>Upload a CSV</h2>
      <p className="muted small">
        Any of: wide (<code>date,AAPL,MSFT,…</code>), long (<code>ticker,date,close[,adj_close]</code>), or a Yahoo Finance / Stooq
        download of one ticker (give its ticker). Rows already stored are updated; the whole file is accepted or nothing is.
      </p>
      <div className="upload__fields">
        <div className="field">
          <label htmlFor="price-file">CSV file</label>
          <input id="price-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="price-ticker">Ticker (single-ticker files only)</label>
          <input id="price-ticker" value={ticker} onChange={(e) => setTicker(e.target.value)} placeholder="e.g. AAPL" />
        </div>
        <button type="submit" className="primary" disabled={!file || upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Upload'}
        </button>
      </div>
      {upload.isError ? <ErrorMessage>Upload refused: {problemOf(upload.error).detail}</ErrorMessage> : null}
      {upload.data ? <UploadReport report={upload.data} /> : null}
    </form>
  );
}

function UploadReport({ report }: { report: PriceImportReport }) {
  const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  return (
    <div role="status" className="upload-report">
      <strong>Uploaded.</strong> {count(report.inserted, 'new row')}, {report.updated.toLocaleString('en-US')} updated,{' '}
      {report.unchanged.toLocaleString('en-US')} unchanged, {report.skipped.toLocaleString('en-US')} skipped;{' '}
      {count(report.tickers.length, 'ticker')} ({report.tickers.join(', ')}) from {report.first_date ?? '—'} to {report.last_date ?? '—'}.
    </div>
  );
}

function DeletePricesDialog({ ticker, onClose }: { ticker: string; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const del = useMutation(
    trpc.prices.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.prices.pathFilter());
        void queryClient.invalidateQueries(trpc.portfolio.valuation.pathFilter());
        void queryClient.invalidateQueries(trpc.analysis.pathFilter());
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Delete the prices of ${ticker}?`}
      confirmLabel="Delete prices"
      busy={del.isPending}
      error={del.error ? problemOf(del.error).detail : null}
      onConfirm={() => del.mutate({ ticker })}
      onCancel={onClose}
    >
      <p>Every stored close of {ticker} is removed. Holdings of {ticker} can no longer be valued until prices are uploaded again.</p>
    </ConfirmDialog>
  );
}
