import type { ServiceCache } from '../cache/index.js';

/**
 * The one way a service writes: run the write, and once it has committed, make the cache forget what
 * it touched before the caller gets its answer. Shared by every service (and so by the server and the
 * CLI, which build the same services), so no write can answer 2xx with the cache still holding the
 * old state. Without a cache (no REDIS_URL) it just runs the write.
 */
export class WritePath {
  constructor(private readonly cache?: ServiceCache) {}

  /** A write to the given portfolios (their ids known before, or read from its result). */
  async portfolios<T>(touched: readonly number[] | ((result: T) => number), write: () => Promise<T>): Promise<T> {
    const result = await write();
    await this.cache?.invalidate(typeof touched === 'function' ? [touched(result)] : touched);
    return result;
  }

  /** A write that may touch any portfolio (an import): everything cached becomes unreachable. */
  async everything<T>(write: () => Promise<T>): Promise<T> {
    const result = await write();
    await this.cache?.invalidateAll();
    return result;
  }
}
