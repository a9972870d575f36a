export { createDb, defaultPoolOptions, type DbLog, type PoolOptions } from './pool.js';
export { openMigratedDatabase } from './open-database.js';
export { QueryTimeoutError } from './query-timeout.js';
export { migrationConfig, migrationSource } from './migration-source.js';
export { Portfolio } from './models/Portfolio.js';
export { PortfolioStock } from './models/PortfolioStock.js';
export { startEmbeddedPostgres, freePort, EmbeddedPostgresError, type EmbeddedPostgresHandle } from './embedded.js';
export { seedDemoData, demoPortfolios } from './seed.js';
export { seedDemoPrices, demoPriceModels } from './seed-prices.js';
export { resolveDatabase, type ResolvedDatabase } from './resolve-database.js';
export {
  addStockJson,
  createPortfolioJson,
  portfolioJson,
  portfolioListJson,
  portfolioPageJson,
  portfolioPagesJson,
  PORTFOLIO_LINES_COPY,
  updatePortfolioJson,
  readStatements,
} from './portfolio-json.js';
export type { Knex } from 'knex';
