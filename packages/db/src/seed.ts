import type { Knex } from 'knex';

/** The spec's demo data ("Current Data"): 4 portfolios, 11 stock entries. */
export const demoPortfolios = [
  { name: 'Tech Portfolio', description: 'FAANG stocks', tickers: ['AAPL', 'TSLA', 'MSFT'] },
  { name: 'IB Positions', description: null, tickers: ['NBIS', 'MU', 'RKLB'] },
  { name: 'IB one', description: null, tickers: ['MU', 'NBIS', 'RKLB'] },
  { name: 'IB One', description: null, tickers: ['AAPL', 'MSFT'] },
] as const;

/** Inserts the demo portfolios in one transaction; returns their ids. */
export async function seedDemoData(knex: Knex): Promise<number[]> {
  return knex.transaction(async (trx) => {
    const ids: number[] = [];
    for (const demo of demoPortfolios) {
      const [row] = await trx('portfolios')
        .insert({ name: demo.name, description: demo.description })
        .returning<{ id: number }[]>('id');
      if (!row) throw new Error('insert returned no id');
      await trx('portfolio_stocks').insert(demo.tickers.map((ticker) => ({ portfolio_id: row.id, ticker })));
      ids.push(row.id);
    }
    return ids;
  });
}
