import type { Portfolio } from '@folio/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc';

/**
 * Every stock mutation answers with the whole updated portfolio: put it straight into the page's
 * cache (no refetch) and mark the list stale, whose counts and "last updated" just changed.
 */
export function usePortfolioCache(id: number) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.portfolio.byId.queryKey({ id });
  return {
    key,
    get: () => queryClient.getQueryData(key),
    set: (p: Portfolio) => queryClient.setQueryData(key, p),
    cancel: () => queryClient.cancelQueries({ queryKey: key }),
    store: (p: Portfolio) => {
      queryClient.setQueryData(key, p);
      void queryClient.invalidateQueries(trpc.portfolio.list.pathFilter());
    },
  };
}
