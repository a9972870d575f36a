import type { Knex } from '@folio/db';
import { PortfolioService } from './portfolio-service.js';
import { SystemService } from './system-service.js';

export interface Services {
  portfolios: PortfolioService;
  system: SystemService;
}

export function createServices(deps: { db: Knex }): Services {
  return { portfolios: new PortfolioService(deps.db), system: new SystemService(deps.db) };
}
