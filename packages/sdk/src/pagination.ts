// Every portfolio, a page at a time: the cursor loop users would otherwise write (and get wrong).
import type { FolioClient } from './index.js';
import type { ListPortfoliosInput, Portfolio } from './types.js';

export type AllPortfoliosOptions = Omit<Exclude<ListPortfoliosInput, void | undefined>, 'cursor'>;

/**
 * Yields every portfolio (with its stocks) in id order, asking the server for `limit` at a time
 * (default 100, at most 1,000). The cursor is the last id seen, exclusive, so portfolios created
 * during the walk with higher ids are included and none is seen twice.
 *
 *   for await (const p of allPortfolios(folio, { limit: 500 })) console.log(p.name);
 */
export async function* allPortfolios(client: FolioClient, options: AllPortfoliosOptions = {}): AsyncGenerator<Portfolio, void, undefined> {
  const limit = options.limit ?? 100;
  let cursor: number | undefined;
  for (;;) {
    const page: Portfolio[] = await client.portfolio.list.query({ ...options, limit, ...(cursor === undefined ? {} : { cursor }) });
    yield* page;
    const last = page.at(-1);
    if (!last || page.length < limit) return;
    cursor = last.id;
  }
}
