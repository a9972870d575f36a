import type { Knex } from '@folio/db';
import { PortfolioService } from './portfolio-service.js';
import { SystemService } from './system-service.js';
import { TransferService } from './transfer-service.js';

export interface Services {
  portfolios: PortfolioService;
  system: SystemService;
  transfer: TransferService;
}

export function createServices(deps: { db: Knex }): Services {
  return { portfolios: new PortfolioService(deps.db), system: new SystemService(deps.db), transfer: new TransferService(deps.db) };
}
