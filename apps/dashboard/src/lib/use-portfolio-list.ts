import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTRPC } from '../trpc';

/** Portfolios per request: small enough that the first rows come quickly, large enough for few requests. */
export const LIST_PAGE_SIZE = 250;

/**
 * The portfolios matching `q` (filtered by the server), a page at a time: the first page draws the
 * list, the rest load in the background (sorting and the count need every match). While a new `q`
 * is answered, the previous answer stays, for the caller to narrow on its own.
 */
export function usePortfolioList(q: string) {
  const trpc = useTRPC();
  const search = q.trim();
  const list = useInfiniteQuery(
    trpc.portfolio.list.infiniteQueryOptions(search ? { q: search, limit: LIST_PAGE_SIZE } : { limit: LIST_PAGE_SIZE }, {
      getNextPageParam: (page) => (page.length === LIST_PAGE_SIZE ? page.at(-1)?.id : undefined),
      placeholderData: keepPreviousData,
    }),
  );
  const { hasNextPage, isFetchingNextPage, isPlaceholderData, isError, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isPlaceholderData && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isPlaceholderData, isError, fetchNextPage]);
  const portfolios = useMemo(() => list.data?.pages.flat() ?? [], [list.data]);
  return { list, portfolios, complete: !hasNextPage && !isPlaceholderData && list.isSuccess };
}
