import type { Knex } from '@folio/db';
import { AnalysisPool } from '../analysis/analysis-pool.js';
import { AnalysisService } from '../analysis/analysis-service.js';
import { ApiKeyStore } from '../auth/api-key-store.js';
import { IdempotencyStore } from '../security/idempotency-store.js';
import { RequestTransactions } from '../security/request-transaction.js';
import type { PortfolioCache } from '../cache/index.js';
import { PortfolioService } from './portfolio-service.js';
import { PriceService } from '../prices/price-service.js';
import { ValuationService } from '../prices/valuation-service.js';
import { SnapshotReads } from './snapshot-reads.js';
import { SystemService } from './system-service.js';
import { TransferService } from './transfer-service.js';
import { WritePath } from './write-path.js';

export interface Services {
  portfolios: PortfolioService;
  prices: PriceService;
  valuation: ValuationService;
  system: SystemService;
  transfer: TransferService;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
  /** transactions around keyed requests (see security/request-transaction.ts) */
  requestTransactions: RequestTransactions;
  analysis: AnalysisService;
}

/**
 * `cache` is given when REDIS_URL is set; without it every read goes to Postgres. `analysisPool`
 * defaults to a small pool (tests); whoever passes one closes it (openServices does).
 */
export function createServices(deps: { db: Knex; cache?: PortfolioCache; analysisPool?: AnalysisPool }): Services {
  const analysisPool = deps.analysisPool ?? new AnalysisPool({ threads: 1, maxQueue: 16, timeoutMs: 60_000 });
  const writes = new WritePath(deps.cache);
  // Streams take at most half the pool and wait for a slot as long as a query waits for a connection.
  const config = deps.db.client.config as Knex.Config;
  const snapshots = new SnapshotReads(deps.db, Math.max(1, Math.floor((config.pool?.max ?? 10) / 2)), config.acquireConnectionTimeout ?? 2_000);
  return {
    portfolios: new PortfolioService(deps.db, writes, snapshots, deps.cache),
    prices: new PriceService(deps.db),
    valuation: new ValuationService(deps.db),
    system: new SystemService(deps.db, deps.cache),
    transfer: new TransferService(deps.db, writes, snapshots),
    apiKeys: new ApiKeyStore(deps.db),
    idempotency: new IdempotencyStore(deps.db),
    requestTransactions: new RequestTransactions(deps.db, deps.cache),
    analysis: new AnalysisService(deps.db, analysisPool, deps.cache),
  };
}
