import type { Knex } from '@folio/db';
import type { PortfolioCache } from '../cache/index.js';
import { PortfolioService } from './portfolio-service.js';
import { SystemService } from './system-service.js';

export interface Services {
  portfolios: PortfolioService;
  system: SystemService;
}

/** `cache` is given when REDIS_URL is set; without it every read goes to Postgres. */
export function createServices(deps: { db: Knex; cache?: PortfolioCache }): Services {
  return { portfolios: new PortfolioService(deps.db, deps.cache), system: new SystemService(deps.db, deps.cache) };
}
