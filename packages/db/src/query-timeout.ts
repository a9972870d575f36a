// A Postgres that hangs (stopped process, network black hole) answers nothing and refuses nothing:
// without a bound, every call on an open connection would wait for as long as it hangs.

interface PgConnection {
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy: (error?: Error) => void } };
}

export class QueryTimeoutError extends Error {
  override readonly name = 'QueryTimeoutError';
  constructor(timeoutMs: number) {
    super(`Postgres did not answer a query within ${timeoutMs} ms; the connection was closed`);
  }
}

/**
 * Closes the connection's socket when a query has had no answer for `timeoutMs`. Closing, not just
 * failing the query (node-pg's own query_timeout), is what makes this safe: the server then aborts
 * whatever transaction that session had open, and knex discards the dead connection instead of
 * handing a session stuck mid-transaction to the next caller. Only callback-style calls are guarded:
 * that is how knex runs every query.
 */
export function closeOnSlowQueries(conn: PgConnection, timeoutMs: number): void {
  const query = conn.query.bind(conn);
  conn.query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback !== 'function') return query(...args);
    const timer = setTimeout(() => conn.connection?.stream?.destroy(new QueryTimeoutError(timeoutMs)), timeoutMs);
    args[args.length - 1] = (...results: unknown[]) => {
      clearTimeout(timer);
      (callback as (...r: unknown[]) => void)(...results);
    };
    return query(...args);
  };
}
