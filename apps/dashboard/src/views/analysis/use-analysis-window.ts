import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { resolveWindow, type DateWindow, type WindowChoice } from '../../lib/price-window';
import { useTRPC } from '../../trpc';

/** The page's window choice and what it resolves to, given the holdings' price coverage. */
export function useAnalysisWindow(tickers: readonly string[]) {
  const trpc = useTRPC();
  const coverage = useQuery(trpc.prices.coverage.queryOptions());
  const [choice, setChoice] = useState<WindowChoice>({ kind: '3y' });
  const held = (coverage.data ?? []).filter((c) => tickers.includes(c.ticker));
  const latest = held.reduce<string | undefined>((max, c) => (max === undefined || c.last_date > max ? c.last_date : max), undefined);
  const window: DateWindow = resolveWindow(choice, latest);
  return {
    choice,
    setChoice,
    window,
    latest,
    coverage: held,
    /** every ticker with prices: the benchmark choices */
    allTickers: (coverage.data ?? []).map((c) => c.ticker),
    coverageReady: coverage.isSuccess || coverage.isError,
  };
}

export type AnalysisWindow = ReturnType<typeof useAnalysisWindow>;
