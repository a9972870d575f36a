import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, type Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { parseKey } from '../src/auth/api-key-format.js';
import { defaultSecurityOptions, type SecurityOptions } from '../src/security/options.js';
import { createServices, type Services } from '../src/services/index.js';
import { testDashboard } from './helpers.js';

/**
 * A Postgres of the file's own (embedded, temp dir) for tests that open many connections at once: the
 * machine's Postgres allows 100 in all, shared with every other suite running there, and "too many
 * clients" would show up as 503s that have nothing to do with the test.
 */
export async function privatePostgres(): Promise<{ adminUrl: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-private-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  return {
    adminUrl: pg.adminUrl,
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface SecuredTestApp {
  app: FastifyInstance;
  db: TestDatabase;
  services: Services;
  close: () => Promise<void>;
}

/** The real app on its own database, with the given security settings (defaults: what tests get). */
export async function createSecuredApp(
  security: Partial<SecurityOptions> = {},
  /** a pool of the test's own for the app (it is destroyed on close) */
  pool?: (url: string) => Knex,
  /** where to create the test database; default: the run's shared test Postgres */
  adminUrl: string = inject('adminUrl'),
): Promise<SecuredTestApp> {
  const db = await createTestDatabase(adminUrl);
  const knex = pool?.(db.url);
  const services = createServices({ db: knex ?? db.knex });
  const app = await buildApp({ services, security: { ...defaultSecurityOptions, ...security }, dashboard: testDashboard });
  return {
    app,
    db,
    services,
    close: async () => {
      await app.close();
      await knex?.destroy();
      await db.drop();
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The secret part of a key (base64url, so it may itself contain '_'). */
export const secretOf = (key: string): string => parseKey(key)?.secret ?? key;
