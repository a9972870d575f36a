import type { Command } from 'commander';
import { seedDemoData, seedDemoPrices } from '@folio/db';
import { withDatabase } from './context.js';

export function registerDbCommands(program: Command): void {
  program
    .command('seed')
    .description("load the spec's demo data (4 portfolios, 11 stock entries) and synthetic demo prices")
    .action(() =>
      withDatabase(async (db) => {
        const ids = await seedDemoData(db);
        console.log(`seeded ${ids.length} portfolios: ids ${ids.join(', ')}`);
        const prices = await seedDemoPrices(db);
        console.log(`seeded ${prices.rows} synthetic prices (not market data) for ${prices.tickers.join(', ') || 'no ticker: all had prices'}`);
      }),
    );
}
