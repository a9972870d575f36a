import type { Portfolio } from '@folio/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { downloadJson, exportDocument, exportFileName } from '../lib/export';
import { formatTimestamp } from '../lib/format';
import { navigate } from '../lib/router';
import { usePortfolioCache } from '../lib/use-portfolio-cache';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from './confirm-dialog';
import { PortfolioForm } from './portfolio-form';

/** The page head: name, description, dates, and the portfolio-wide actions. */
export function PortfolioDetails({ portfolio }: { portfolio: Portfolio }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  if (mode === 'edit') return <EditDetailsForm portfolio={portfolio} onClose={() => setMode('view')} />;
  return (
    <div className="page-head">
      <div>
        <h1>{portfolio.name}</h1>
        {portfolio.description ? <p className="description">{portfolio.description}</p> : null}
        <p className="muted small">
          Created <time dateTime={portfolio.created_at}>{formatTimestamp(portfolio.created_at)}</time> · Last updated{' '}
          <time dateTime={portfolio.updated_at}>{formatTimestamp(portfolio.updated_at)}</time>
        </p>
      </div>
      <div className="actions">
        <button type="button" onClick={() => setMode('edit')}>
          Edit details
        </button>
        <button type="button" onClick={() => downloadJson(exportFileName(portfolio), exportDocument([portfolio]))}>
          Export as JSON
        </button>
        <button type="button" className="danger" onClick={() => setMode('delete')}>
          Delete portfolio
        </button>
      </div>
      {mode === 'delete' ? <DeletePortfolioDialog portfolio={portfolio} onCancel={() => setMode('view')} /> : null}
    </div>
  );
}

function EditDetailsForm({ portfolio, onClose }: { portfolio: Portfolio; onClose: () => void }) {
  const trpc = useTRPC();
  const cache = usePortfolioCache(portfolio.id);
  const update = useMutation(
    trpc.portfolio.update.mutationOptions({
      onSuccess: (updated) => {
        cache.store(updated);
        onClose();
      },
    }),
  );
  return (
    <PortfolioForm
      heading={`Edit ${portfolio.name}`}
      level={1}
      initial={portfolio}
      submitLabel="Save details"
      pendingLabel="Saving…"
      pending={update.isPending}
      error={update.error}
      onSubmit={(values) => update.mutate({ id: portfolio.id, ...values })}
      onCancel={onClose}
    />
  );
}

function DeletePortfolioDialog({ portfolio, onCancel }: { portfolio: Portfolio; onCancel: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cache = usePortfolioCache(portfolio.id);
  const del = useMutation(
    trpc.portfolio.delete.mutationOptions({
      onSuccess: () => {
        navigate('/');
        queryClient.removeQueries({ queryKey: cache.key });
        void queryClient.invalidateQueries(trpc.portfolio.list.pathFilter());
      },
    }),
  );
  const count = portfolio.stocks.length;
  const tickers = portfolio.stocks.map((s) => s.ticker).join(', ');
  return (
    <ConfirmDialog
      title={`Delete “${portfolio.name}”?`}
      confirmLabel="Delete portfolio"
      busy={del.isPending}
      error={del.error ? problemOf(del.error).detail : null}
      onConfirm={() => del.mutate({ id: portfolio.id })}
      onCancel={onCancel}
    >
      <p>
        This removes the portfolio “{portfolio.name}”
        {count === 0 ? ' (it has no holdings)' : ` and its ${count === 1 ? 'holding' : `${count} holdings`} (${tickers})`}.
        It cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
