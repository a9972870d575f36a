import type { Knex } from '@folio/db';
import { ApiKeyStore } from '../auth/api-key-store.js';
import { IdempotencyStore } from '../security/idempotency-store.js';
import type { PortfolioCache } from '../cache/index.js';
import { PortfolioService } from './portfolio-service.js';
import { SystemService } from './system-service.js';
import { TransferService } from './transfer-service.js';

export interface Services {
  portfolios: PortfolioService;
  system: SystemService;
  transfer: TransferService;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
}

/** An import writes around the portfolio service: everything cached may be old afterwards. */
class CacheClearingTransferService extends TransferService {
  constructor(
    db: Knex,
    private readonly cache: PortfolioCache,
  ) {
    super(db);
  }

  override async import(...args: Parameters<TransferService['import']>): ReturnType<TransferService['import']> {
    try {
      return await super.import(...args);
    } finally {
      await this.cache.invalidateAll();
    }
  }
}

/** `cache` is given when REDIS_URL is set; without it every read goes to Postgres. */
export function createServices(deps: { db: Knex; cache?: PortfolioCache }): Services {
  return {
    portfolios: new PortfolioService(deps.db, deps.cache),
    system: new SystemService(deps.db, deps.cache),
    transfer: deps.cache ? new CacheClearingTransferService(deps.db, deps.cache) : new TransferService(deps.db),
    apiKeys: new ApiKeyStore(deps.db),
    idempotency: new IdempotencyStore(deps.db),
  };
}
