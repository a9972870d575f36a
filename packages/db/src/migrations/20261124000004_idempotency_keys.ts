import type { Knex } from 'knex';

// The first response to a POST carrying an Idempotency-Key, replayed to retries for 24 hours.
// `scope` separates callers (a hash of their credentials), so one client never sees another's response.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('scope', 64).notNullable();
    t.string('key', 255).notNullable();
    t.string('fingerprint', 64).notNullable();
    /** null while the first request is still running */
    t.integer('response_status').nullable();
    t.jsonb('response_headers').nullable();
    t.text('response_body').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.primary(['scope', 'key']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
