import { openMigratedDatabase, type Knex } from '@folio/db';
import { loadConfig } from '../config.js';

/**
 * Runs a CLI task with a migrated database (the configured one, or the embedded default), and always
 * releases it afterwards. Diagnostics go to stderr so stdout stays clean for data (exports, keys).
 */
export async function withDatabase<T>(task: (db: Knex, database: { url: string }) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  const { db, database } = await openMigratedDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pool: { ...config.pool, min: 0, max: 4 },
    log: (m) => process.stderr.write(`${m}\n`),
  });
  try {
    return await task(db, { url: database.url });
  } finally {
    await db.destroy();
    await database.stop();
  }
}
