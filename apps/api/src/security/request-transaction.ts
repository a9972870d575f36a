// One database transaction around a request that carries an Idempotency-Key: the key's record, every
// write the request makes, and the answer the record keeps commit together or not at all. So a request
// cut off anywhere (a statement timeout, a dropped connection, a killed process) leaves neither a write
// without its record (a retry would write twice) nor a record without its write (a key stuck "in
// progress", or replaying an answer for something that never happened).
import type { Knex } from '@folio/db';
import type { CacheLookup, PortfolioCache, ServiceCache } from '../cache/index.js';
import { PortfolioService } from '../services/portfolio-service.js';
import type { Services } from '../services/index.js';
import { SnapshotReads } from '../services/snapshot-reads.js';
import { TransferService } from '../services/transfer-service.js';
import { WritePath } from '../services/write-path.js';

const MISS: CacheLookup = { fill: () => {} };

/**
 * The cache as seen from inside an uncommitted transaction: reads miss and fill nothing (the data is
 * not visible to anyone else yet), and invalidations wait until the commit.
 */
class DeferredInvalidation implements ServiceCache {
  private readonly ids = new Set<number>();
  private everything = false;

  portfolio = async (): Promise<CacheLookup> => MISS;
  list = async (): Promise<CacheLookup> => MISS;
  invalidate = async (ids: readonly number[]): Promise<void> => {
    for (const id of ids) this.ids.add(id);
  };
  invalidateAll = async (): Promise<void> => {
    this.everything = true;
  };

  async applyTo(cache: PortfolioCache): Promise<void> {
    if (this.everything) await cache.invalidateAll();
    else if (this.ids.size > 0) await cache.invalidate([...this.ids]);
  }
}

class RollbackSavepoint extends Error {}

export class RequestTransaction {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly deferred = new DeferredInvalidation();
  /** why the transaction ended under us (a dropped connection), if it did */
  private endedBy: unknown;

  constructor(
    readonly trx: Knex.Transaction,
    private readonly cache: PortfolioCache | undefined,
  ) {
    // Failures are answered where they surface; this only keeps the reason, which knex otherwise
    // replaces with "Transaction query already complete" for every later query.
    trx.executionPromise.catch((err: unknown) => (this.endedBy = err));
  }

  /** The error to report for a failed query: the connection's own failure if that is what ended it. */
  cause(err: unknown): unknown {
    return this.trx.isCompleted() && this.endedBy !== undefined ? this.endedBy : err;
  }

  /**
   * Runs one procedure call in a savepoint of the request's transaction, one call at a time (a tRPC
   * batch resolves its calls concurrently, and one connection runs one statement at a time). A call
   * that fails rolls back its own writes only, as it would have without the key.
   */
  run<R extends { ok: boolean }>(base: Services, call: (services: Services) => Promise<R>): Promise<R> {
    const turn = this.queue.then(async () => {
      let result: R | undefined;
      try {
        await this.trx.transaction(async (savepoint) => {
          result = await call({
            ...base,
            portfolios: new PortfolioService(savepoint, new WritePath(this.deferred), new SnapshotReads(savepoint, 1), this.deferred),
            transfer: new TransferService(savepoint, new WritePath(this.deferred), new SnapshotReads(savepoint, 1)),
          });
          if (!result.ok) throw new RollbackSavepoint();
        });
      } catch (err) {
        if (!(err instanceof RollbackSavepoint)) throw this.cause(err);
      }
      return result as R;
    });
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Commits, then invalidates what the writes touched (never before: a reader could cache the old state). */
  async commit(): Promise<void> {
    await this.queue;
    await this.trx.commit();
    if (this.cache) await this.deferred.applyTo(this.cache);
  }

  /** Rolls back; never throws (on a dead connection the server has rolled back already). */
  async rollback(): Promise<void> {
    await this.queue;
    if (!this.trx.isCompleted()) await this.trx.rollback().catch(() => {});
  }
}

/** Opens request transactions on the app's pool; the cache is invalidated after each commit. */
export class RequestTransactions {
  constructor(
    private readonly db: Knex,
    private readonly cache?: PortfolioCache,
  ) {}

  async begin(): Promise<RequestTransaction> {
    return new RequestTransaction(await this.db.transaction(), this.cache);
  }
}
