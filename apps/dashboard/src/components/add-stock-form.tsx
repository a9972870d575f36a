import type { Portfolio } from '@folio/contract';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { NOT_A_NUMBER, parseOptionalNumber } from '../lib/format';
import { usePortfolioCache } from '../lib/use-portfolio-cache';
import { useServerFieldErrors } from '../lib/use-server-field-errors';
import { useTRPC } from '../trpc';
import { ErrorMessage, Field } from './field';

export const WEIGHT_HINT = 'A fraction (0.25) or a percentage (25%). Blank: an equal share of what the set weights leave.';

export function AddStockForm({ portfolio }: { portfolio: Portfolio }) {
  const trpc = useTRPC();
  const cache = usePortfolioCache(portfolio.id);
  const [ticker, setTicker] = useState('');
  const [weight, setWeight] = useState('');
  const [shares, setShares] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const tickerRef = useRef<HTMLInputElement>(null);
  const add = useMutation(
    trpc.portfolio.addStock.mutationOptions({
      onSuccess: (updated) => {
        cache.store(updated);
        setTicker('');
        setWeight('');
        setShares('');
        tickerRef.current?.focus(); // ready for the next holding
      },
    }),
  );
  const server = useServerFieldErrors(add.error, ['ticker', 'weight', 'shares']);
  const error = (field: string) => local[field] ?? server.field(field);
  const edit = (field: string, set: (value: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    server.changed(field);
    if (local[field]) setLocal(({ [field]: _gone, ...rest }) => rest);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const w = parseOptionalNumber(weight);
    const s = parseOptionalNumber(shares);
    const problems: Record<string, string> = {};
    if (w === undefined) problems.weight = NOT_A_NUMBER;
    if (s === undefined) problems.shares = NOT_A_NUMBER;
    setLocal(problems);
    if (w === undefined || s === undefined) return;
    add.reset();
    add.mutate({ portfolio_id: portfolio.id, ticker, weight: w, shares: s });
  };

  return (
    <form className="panel add-stock" onSubmit={submit} aria-labelledby="add-stock-title" noValidate>
      <h2 id="add-stock-title">Add a holding</h2>
      <div className="add-stock__fields">
        <Field
          ref={tickerRef}
          label="Ticker"
          value={ticker}
          onChange={edit('ticker', setTicker)}
          error={error('ticker')}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          placeholder="AAPL"
        />
        <Field
          label="Weight (optional)"
          inputMode="decimal"
          value={weight}
          onChange={edit('weight', setWeight)}
          error={error('weight')}
          hint={WEIGHT_HINT}
          placeholder="equal share"
        />
        <Field
          label="Shares (optional)"
          inputMode="decimal"
          value={shares}
          onChange={edit('shares', setShares)}
          error={error('shares')}
        />
      </div>
      <ErrorMessage>{server.form}</ErrorMessage>
      <div className="actions">
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add holding'}
        </button>
      </div>
    </form>
  );
}
