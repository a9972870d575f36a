import type { Knex } from 'knex';

/** The spec's demo data ("Current Data"): 4 portfolios, 11 stock entries. */
export const demoPortfolios = [
  { name: 'Tech Portfolio', description: 'FAANG stocks', tickers: ['AAPL', 'TSLA', 'MSFT'] },
  { name: 'IB Positions', description: null, tickers: ['NBIS', 'MU', 'RKLB'] },
  { name: 'IB one', description: null, tickers: ['MU', 'NBIS', 'RKLB'] },
  { name: 'IB One', description: null, tickers: ['AAPL', 'MSFT'] },
] as const;

/**
 * Inserts the demo portfolios in one transaction, skipping any whose name is already taken (so seeding
 * twice adds nothing). Returns the new ids and the names skipped.
 */
export async function seedDemoData(knex: Knex): Promise<{ created: number[]; skipped: string[] }> {
  return knex.transaction(async (trx) => {
    const existing = new Set(
      (await trx('portfolios').whereIn('name', demoPortfolios.map((d) => d.name)).select<{ name: string }[]>('name')).map((r) => r.name),
    );
    const created: number[] = [];
    const skipped: string[] = [];
    for (const demo of demoPortfolios) {
      if (existing.has(demo.name)) {
        skipped.push(demo.name);
        continue;
      }
      const [row] = await trx('portfolios')
        .insert({ name: demo.name, description: demo.description })
        .returning<{ id: number }[]>('id');
      if (!row) throw new Error('insert returned no id');
      await trx('portfolio_stocks').insert(demo.tickers.map((ticker) => ({ portfolio_id: row.id, ticker })));
      created.push(row.id);
    }
    return { created, skipped };
  });
}
