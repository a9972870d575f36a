import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDb, defaultPoolOptions } from './pool.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'), { migrate: false });
});
afterAll(() => db?.drop());

const backendPid = async (knex: ReturnType<typeof createDb>) =>
  (await knex.raw<{ rows: { pid: number }[] }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;

describe('pool', () => {
  it("defaults to the spec's pool: 10 kept, up to 30, recycled hourly, 2 s to get a connection", () => {
    expect(defaultPoolOptions).toEqual({
      min: 10,
      max: 30,
      idleTimeoutMs: 30_000,
      maxLifetimeMs: 3_600_000,
      acquireTimeoutMs: 2_000,
      statementTimeoutMs: 10_000,
      queryTimeoutMs: 11_000,
    });
    const knex = createDb(db.url);
    const pool = knex.client.pool as { min: number; max: number };
    expect([pool.min, pool.max]).toEqual([10, 30]);
    return knex.destroy();
  });

  it('reuses a connection while it is young and replaces it once past its lifetime', async () => {
    const knex = createDb(db.url, { min: 0, max: 1, maxLifetimeMs: 300 });
    try {
      const first = await backendPid(knex);
      expect(await backendPid(knex)).toBe(first);
      await new Promise((r) => setTimeout(r, 400));
      expect(await backendPid(knex)).not.toBe(first);
    } finally {
      await knex.destroy();
    }
  });

  it('fails fast when the database cannot be reached', async () => {
    const knex = createDb('postgres://postgres@127.0.0.1:1/nowhere', { min: 0, max: 1, acquireTimeoutMs: 500 });
    try {
      await expect(knex.raw('SELECT 1')).rejects.toThrow();
    } finally {
      await knex.destroy();
    }
  });
});

describe('knex warnings', () => {
  it('go to the log given (the server passes its logger), never to stdout', async () => {
    const warnings: string[] = [];
    const knex = createDb(db.url, { min: 0, max: 1 }, { warn: (m) => warnings.push(m), error: (m) => warnings.push(m) });
    const stdout = process.stdout.write.bind(process.stdout);
    const printed: string[] = [];
    process.stdout.write = ((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      // A pooled connection that died (as a stream's is closed when its client leaves): knex finds it
      // dead on the next acquire and says so.
      const connection = (await knex.client.acquireConnection()) as { end: () => Promise<void> };
      await connection.end();
      await knex.client.releaseConnection(connection);
      expect((await knex.raw<{ rows: { one: number }[] }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    } finally {
      process.stdout.write = stdout;
      await knex.destroy();
    }
    expect(warnings.join('\n')).toMatch(/Connection Error/);
    expect(printed.join('')).not.toMatch(/Connection Error/);
  });
});
