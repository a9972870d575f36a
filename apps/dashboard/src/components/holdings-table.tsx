import { effectiveWeights, type Portfolio, type Stock } from '@folio/contract';
import { useMutation } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent } from 'react';
import { formatPercent, formatTimestamp, NOT_A_NUMBER, numberToText, parseOptionalNumber, weightToText } from '../lib/format';
import { usePortfolioCache } from '../lib/use-portfolio-cache';
import { useServerFieldErrors } from '../lib/use-server-field-errors';
import { problemOf } from '../problem';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from './confirm-dialog';
import { ErrorMessage, FieldError } from './field';

export function HoldingsTable({ portfolio }: { portfolio: Portfolio }) {
  const trpc = useTRPC();
  const cache = usePortfolioCache(portfolio.id);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Stock | null>(null);

  // Optimistic: the row goes at once; if the server refuses, the row comes back with a message saying so.
  const remove = useMutation(
    trpc.portfolio.removeStock.mutationOptions({
      onMutate: async ({ stock_id }) => {
        setRemoveError(null);
        await cache.cancel();
        const before = cache.get();
        if (before) cache.set({ ...before, stocks: before.stocks.filter((s) => s.id !== stock_id) });
        return { before };
      },
      onError: (error, { stock_id }, context) => {
        if (context?.before) cache.set(context.before);
        const ticker = context?.before?.stocks.find((s) => s.id === stock_id)?.ticker ?? 'the holding';
        setRemoveError(`Could not remove ${ticker}, so it is back in the table: ${problemOf(error).detail}`);
      },
      onSuccess: (updated) => cache.store(updated),
    }),
  );
  const confirmRemove = removing ? (
    <ConfirmDialog
      title={`Remove ${removing.ticker}?`}
      confirmLabel="Remove holding"
      busyLabel="Removing…"
      onCancel={() => setRemoving(null)}
      onConfirm={() => {
        remove.mutate({ portfolio_id: portfolio.id, stock_id: removing.id });
        setRemoving(null);
      }}
    >
      <p>
        {removing.ticker} leaves {portfolio.name}
        {removing.weight !== null ? `, with its weight of ${formatPercent(removing.weight)}` : ''}
        {removing.shares !== null ? ` and its ${removing.shares} shares` : ''}. Adding it again later gives it a new “added” date.
      </p>
    </ConfirmDialog>
  ) : null;

  if (portfolio.stocks.length === 0) {
    return (
      <>
        <ErrorMessage>{removeError}</ErrorMessage>
        <p className="empty">No holdings yet. Add the first one below.</p>
      </>
    );
  }
  const { weights } = effectiveWeights(portfolio.stocks);
  return (
    <>
      {confirmRemove}
      <ErrorMessage>{removeError}</ErrorMessage>
      <table className="table holdings">
        <caption className="visually-hidden">Holdings of {portfolio.name}</caption>
        <thead>
          <tr>
            <th scope="col">Ticker</th>
            <th scope="col">Weight</th>
            <th scope="col" className="num">
              Effective
            </th>
            <th scope="col">Shares</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {portfolio.stocks.map((s, i) => (
            <tr key={s.id}>
              <th scope="row">{s.ticker}</th>
              <td data-label="Weight">
                <InlineNumber key={`w${s.weight}`} portfolioId={portfolio.id} stock={s} field="weight" />
              </td>
              <td data-label="Effective" className="num">
                {formatPercent(weights[i] ?? 0)}
              </td>
              <td data-label="Shares">
                <InlineNumber key={`s${s.shares}`} portfolioId={portfolio.id} stock={s} field="shares" />
              </td>
              <td data-label="Added">
                <time dateTime={s.added_at}>{formatTimestamp(s.added_at)}</time>
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  className="danger-link"
                  onClick={() => setRemoving(s)}
                  aria-label={`Remove ${s.ticker}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Edit a weight or share count in place: Enter or leaving the field saves it, Escape undoes it. Type a
        weight as a percentage (25%) or a fraction (0.25); a blank weight means an equal share of what the set
        weights leave.
      </p>
    </>
  );
}

interface InlineNumberProps {
  portfolioId: number;
  stock: Stock;
  field: 'weight' | 'shares';
}

/**
 * One editable cell. Not optimistic: the value only changes once the server has accepted it, and a
 * refusal leaves the typed text in place with the server's message under it, until fixed or undone.
 */
function InlineNumber({ portfolioId, stock, field }: InlineNumberProps) {
  const trpc = useTRPC();
  const cache = usePortfolioCache(portfolioId);
  const errorId = useId();
  const saved = stock[field];
  // Weights read as percentages, like the Effective column beside them; shares as plain numbers.
  const savedText = field === 'weight' ? weightToText(saved) : numberToText(saved);
  const [text, setText] = useState(savedText);
  const [localError, setLocalError] = useState<string>();
  const update = useMutation(trpc.portfolio.updateStock.mutationOptions({ onSuccess: (p) => cache.store(p) }));
  const serverErrors = useServerFieldErrors(update.error, [field]);
  const error = localError ?? serverErrors.field(field) ?? serverErrors.form ?? undefined;

  const commit = () => {
    // Untouched text is the saved value (a percentage may not round-trip to the same double).
    if (text === savedText) return update.reset();
    const value = parseOptionalNumber(text);
    if (value === undefined) return setLocalError(NOT_A_NUMBER);
    setLocalError(undefined);
    if (value === saved) return update.reset();
    // Leaving the field after a refusal must not send the refused value again.
    if (update.isError && update.variables?.[field] === value) return;
    update.mutate({ portfolio_id: portfolioId, stock_id: stock.id, [field]: value });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      setText(savedText);
      setLocalError(undefined);
      update.reset();
    }
  };

  const label = field === 'weight' ? `Weight of ${stock.ticker}` : `Shares of ${stock.ticker}`;
  return (
    <div className={`inline-number${error ? ' field--invalid' : ''}`}>
      <input
        aria-label={label}
        inputMode="decimal"
        value={text}
        placeholder={field === 'weight' ? 'equal' : '—'}
        onChange={(e) => {
          setText(e.target.value);
          serverErrors.changed(field);
          setLocalError(undefined);
        }}
        onBlur={commit}
        onKeyDown={onKeyDown}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        readOnly={update.isPending}
      />
      {update.isPending ? (
        <span className="muted small" role="status">
          Saving…
        </span>
      ) : null}
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}
