import type { Knex } from 'knex';
import { migrationConfig } from './migration-source.js';
import { createDb, type DbLog, type PoolOptions } from './pool.js';
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
  /** knex's own warnings (default: stderr) */
  dbLog?: DbLog;
}): Promise<{ db: Knex; database: ResolvedDatabase }> {
  const database = await resolveDatabase(opts);
  // Migrations run on a connection of their own, without the pool's per-statement timeout: building an
  // index on a large table may rightly take longer than any request should.
  const migrator = createDb(database.url, { ...opts.pool, min: 0, max: 1, statementTimeoutMs: 0 }, opts.dbLog);
  try {
    await migrator.migrate.latest(migrationConfig);
  } catch (err) {
    await migrator.destroy();
    await database.stop();
    throw err;
  }
  await migrator.destroy();
  return { db: createDb(database.url, opts.pool, opts.dbLog), database };
}
