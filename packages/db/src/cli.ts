// pnpm db:migrate | db:rollback | db:status | db:seed — against DATABASE_URL, or the embedded default.
import { createDb } from './pool.js';
import { migrationConfig } from './migration-source.js';
import { resolveDatabase } from './resolve-database.js';
import { seedDemoData } from './seed.js';
import { seedDemoPrices } from './seed-prices.js';

const command = process.argv[2];
const commands = ['migrate', 'rollback', 'status', 'seed'];
if (!command || !commands.includes(command)) {
  console.error(`usage: tsx src/cli.ts ${commands.join('|')}`);
  process.exit(2);
}

// pnpm runs package scripts in the package folder; DATA_DIR is relative to where the user ran pnpm.
const cwd = process.env.INIT_CWD ?? process.cwd();
const database = await resolveDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR ? new URL(process.env.DATA_DIR, `file://${cwd}/`).pathname : `${cwd}/.data`,
  log: (m) => console.error(m),
});
console.error(`using ${database.description}`);
const knex = createDb(database.url, { min: 0, max: 2 });
try {
  if (command === 'migrate') {
    const [batch, names] = await knex.migrate.latest(migrationConfig);
    console.log(names.length ? `batch ${batch}: applied ${names.join(', ')}` : 'already up to date');
  } else if (command === 'rollback') {
    const [batch, names] = await knex.migrate.rollback(migrationConfig);
    console.log(names.length ? `batch ${batch}: rolled back ${names.join(', ')}` : 'nothing to roll back');
  } else if (command === 'status') {
    const [done, pending] = await knex.migrate.list(migrationConfig);
    for (const m of done) console.log(`applied  ${m.name}`);
    for (const m of pending) console.log(`pending  ${m.name ?? m.file}`);
  } else {
    await knex.migrate.latest(migrationConfig);
    const ids = await seedDemoData(knex);
    console.log(`seeded ${ids.length} portfolios: ids ${ids.join(', ')}`);
    const prices = await seedDemoPrices(knex);
    console.log(`seeded ${prices.rows} synthetic prices (not market data) for ${prices.tickers.join(', ') || 'no ticker: all had prices'}`);
  }
} finally {
  await knex.destroy();
  await database.stop();
}
