import type { Command } from 'commander';
import { createDb, migrationConfig, resolveDatabase, seedDemoData, seedDemoPrices, type Knex } from '@folio/db';
import { loadConfig } from '../config.js';
import { withDatabase } from './context.js';

/**
 * Migration commands must see the schema as it is, so they open the configured database without
 * migrating it first (withDatabase migrates). Same settings, same data directory, same log lines.
 */
async function withUnmigratedDatabase(task: (db: Knex) => Promise<void>): Promise<void> {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  const database = await resolveDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const db = createDb(database.url, { ...config.pool, min: 0, max: 2 });
  try {
    await task(db);
  } finally {
    await db.destroy();
    await database.stop();
  }
}

/** `folio db migrate|rollback|status|seed` (`pnpm db:*` are aliases). */
export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('schema migrations and demo data');

  db.command('migrate')
    .description('apply pending migrations')
    .action(() =>
      withUnmigratedDatabase(async (knex) => {
        const [batch, names] = await knex.migrate.latest(migrationConfig);
        console.log(names.length ? `batch ${batch}: applied ${names.join(', ')}` : 'already up to date');
      }),
    );

  db.command('rollback')
    .description('roll back the last batch of migrations')
    .action(() =>
      withUnmigratedDatabase(async (knex) => {
        const [batch, names] = await knex.migrate.rollback(migrationConfig);
        console.log(names.length ? `batch ${batch}: rolled back ${names.join(', ')}` : 'nothing to roll back');
      }),
    );

  db.command('status')
    .description('list applied and pending migrations')
    .action(() =>
      withUnmigratedDatabase(async (knex) => {
        const [done, pending] = await knex.migrate.list(migrationConfig);
        for (const m of done) console.log(`applied  ${m.name}`);
        for (const m of pending) console.log(`pending  ${m.name ?? m.file}`);
      }),
    );

  db.command('seed')
    .description("load the spec's demo data (4 portfolios, 11 stock entries) and synthetic demo prices; what is already there is skipped")
    .action(() =>
      withDatabase(async (knex) => {
        const { created, skipped } = await seedDemoData(knex);
        console.log(
          created.length
            ? `seeded ${created.length} portfolios: ids ${created.join(', ')}${skipped.length ? ` (${skipped.length} already there)` : ''}`
            : `the ${skipped.length} demo portfolios are already there; nothing added`,
        );
        const prices = await seedDemoPrices(knex);
        console.log(
          prices.tickers.length
            ? `seeded ${prices.rows} synthetic daily prices (made up, not market data) for ${prices.tickers.join(', ')}`
            : 'every demo ticker already has prices; none added',
        );
      }),
    );
}
