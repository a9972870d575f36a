import type { Knex } from '@folio/db';
import { ApiKeyStore } from '../auth/api-key-store.js';
import { IdempotencyStore } from '../security/idempotency-store.js';
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

export function createServices(deps: { db: Knex }): Services {
  return {
    portfolios: new PortfolioService(deps.db),
    system: new SystemService(deps.db),
    transfer: new TransferService(deps.db),
    apiKeys: new ApiKeyStore(deps.db),
    idempotency: new IdempotencyStore(deps.db),
  };
}
