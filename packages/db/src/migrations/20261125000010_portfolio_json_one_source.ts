import type { Knex } from 'knex';
import { PORTFOLIO_JSON_FUNCTIONS } from '../portfolio-json.js';

// The portfolio JSON functions of 20261124000010, now generated from the one definition the reads use
// (src/portfolio-json.ts), plus folio_create_portfolio so a create answers with the same JSON. A change
// to that shape adds a migration that runs PORTFOLIO_JSON_FUNCTIONS again (CREATE OR REPLACE).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(PORTFOLIO_JSON_FUNCTIONS);
}

// The replaced functions answer exactly as 20261124000010's did; only the new one goes.
export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS folio_create_portfolio(varchar, text)');
}
