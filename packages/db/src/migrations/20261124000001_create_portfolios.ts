import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('portfolios', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.text('description').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`
    ALTER TABLE portfolios
      ADD CONSTRAINT portfolios_name_not_blank CHECK (length(btrim(name)) BETWEEN 1 AND 200),
      ADD CONSTRAINT portfolios_description_length CHECK (description IS NULL OR length(description) <= 2000)
  `);

  await knex.schema.createTable('portfolio_stocks', (t) => {
    t.increments('id').primary();
    t.integer('portfolio_id').notNullable().references('id').inTable('portfolios').onDelete('CASCADE');
    t.string('ticker', 20).notNullable();
    t.double('weight').nullable();
    t.double('shares').nullable();
    t.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // Also the index behind "stocks of portfolio X" (its leading column is portfolio_id).
    t.unique(['portfolio_id', 'ticker'], { indexName: 'portfolio_stocks_portfolio_id_ticker_unique' });
  });
  await knex.raw(`
    ALTER TABLE portfolio_stocks
      ADD CONSTRAINT portfolio_stocks_ticker_format CHECK (ticker ~ '^[A-Z0-9.\\-^=/]{1,20}$'),
      ADD CONSTRAINT portfolio_stocks_weight_range CHECK (weight IS NULL OR (weight >= 0 AND weight <= 1)),
      ADD CONSTRAINT portfolio_stocks_shares_range CHECK (shares IS NULL OR (shares >= 0 AND shares < 'Infinity'::float8))
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('portfolio_stocks');
  await knex.schema.dropTableIfExists('portfolios');
}
