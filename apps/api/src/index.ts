export type { AppRouter, RouterInputs, RouterOutputs } from './routers/root.js';
export { buildApp } from './app.js';
export { startServer, type Server } from './server.js';
export { loadConfig, type Config } from './config.js';
export { createServices, type Services } from './services/index.js';
export { ApiKeyStore } from './auth/api-key-store.js';
export { PROBLEM_TITLES } from './errors/index.js';
export { PRICE_TABLE_SQL, readPriceTable, readPricesVersion, type PriceTable, type PriceWindow } from './prices/price-table.js';
