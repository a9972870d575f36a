import { startEmbeddedPostgres } from './embedded.js';

export interface ResolvedDatabase {
  url: string;
  /** "external" when DATABASE_URL was given, else the embedded cluster's location */
  description: string;
  stop: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded Postgres under dataDir. */
export async function resolveDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: (message: string) => void;
}): Promise<ResolvedDatabase> {
  if (opts.databaseUrl) {
    const shown = new URL(opts.databaseUrl);
    shown.password = shown.password ? '***' : '';
    return { url: opts.databaseUrl, description: `external Postgres at ${shown.toString()}`, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log });
  return {
    url: embedded.url,
    description: `embedded Postgres on 127.0.0.1:${embedded.port}, data in ${embedded.dataDir}`,
    stop: embedded.stop,
  };
}
