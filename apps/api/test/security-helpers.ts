import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import type { Knex } from '@folio/db';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { defaultSecurityOptions, type SecurityOptions } from '../src/security/options.js';
import { createServices, type Services } from '../src/services/index.js';

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
): Promise<SecuredTestApp> {
  const db = await createTestDatabase(inject('adminUrl'));
  const knex = pool?.(db.url);
  const services = createServices({ db: knex ?? db.knex });
  const app = await buildApp({ services, security: { ...defaultSecurityOptions, ...security } });
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
