import type { Knex } from 'knex';
import { migrationConfig } from './migration-source.js';
import { createDb, type PoolOptions } from './pool.js';
import { resolveDatabase, type ResolvedDatabase } from './resolve-database.js';

/**
 * The configured database (or the embedded default), pooled and migrated: what the server and the CLI
 * both start from. If migrating fails, what was opened is closed again before the error is rethrown.
 * The caller owns the rest: `db.destroy()`, then `database.stop()`.
 */
export async function openMigratedDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  pool?: Partial<PoolOptions>;
  log?: (message: string) => void;
}): Promise<{ db: Knex; database: ResolvedDatabase }> {
  const database = await resolveDatabase(opts);
  const db = createDb(database.url, opts.pool);
  try {
    await db.migrate.latest(migrationConfig);
  } catch (err) {
    await db.destroy();
    await database.stop();
    throw err;
  }
  return { db, database };
}
