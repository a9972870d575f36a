// A real Folio server on its own freshly migrated test database and a free port, for the tests of
// clients that talk HTTP to it (the SDK, a client generated from /openapi.json).
import { loadConfig, startServer } from '@folio/api';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { inject } from 'vitest';

export interface LiveServer {
  url: string;
  db: TestDatabase;
  /** stops the server, then drops its database */
  stop: () => Promise<void>;
}

/** `env` adds or overrides settings (e.g. `{ AUTH: 'required' }`). */
export async function startLiveServer(env: Record<string, string> = {}): Promise<LiveServer> {
  const db = await createTestDatabase(inject('adminUrl'));
  const server = await startServer(loadConfig({ DATABASE_URL: db.url, PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0', ...env }));
  return {
    url: server.url,
    db,
    stop: async () => {
      await server.stop();
      await db.drop();
    },
  };
}
