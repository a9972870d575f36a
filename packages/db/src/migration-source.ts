import type { Knex } from 'knex';
import * as createPortfolios from './migrations/20261124000001_create_portfolios.js';
import * as integrityTriggers from './migrations/20261124000002_integrity_triggers.js';
import * as apiKeys from './migrations/20261124000003_api_keys.js';
import * as idempotencyKeys from './migrations/20261124000004_idempotency_keys.js';
import * as portfolioJsonFunctions from './migrations/20261124000010_portfolio_json_functions.js';
import * as prices from './migrations/20261125000001_prices.js';
import * as portfolioJsonOneSource from './migrations/20261125000010_portfolio_json_one_source.js';
import * as searchIndexes from './migrations/20261125000020_search_indexes.js';

interface Migration {
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

// Imported, not read from a directory, so migrations ship inside the bundled server.
const migrations: Record<string, Migration> = {
  '20261124000001_create_portfolios': createPortfolios,
  '20261124000002_integrity_triggers': integrityTriggers,
  '20261124000003_api_keys': apiKeys,
  '20261124000004_idempotency_keys': idempotencyKeys,
  '20261124000010_portfolio_json_functions': portfolioJsonFunctions,
  '20261125000001_prices': prices,
  '20261125000010_portfolio_json_one_source': portfolioJsonOneSource,
  '20261125000020_search_indexes': searchIndexes,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Unknown migration ${name}`);
    return migration;
  },
};

export const migrationConfig: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };
