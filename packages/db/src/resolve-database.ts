import path from 'node:path';
import { startEmbeddedPostgres } from './embedded.js';

export interface ResolvedDatabase {
  url: string;
  /** "external" when DATABASE_URL was given, else the embedded cluster's location */
  description: string;
  stop: () => Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded Postgres under dataDir. Logs which one is in use. */
export async function resolveDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
  log?: (message: string) => void;
}): Promise<ResolvedDatabase> {
  if (opts.databaseUrl) {
    const shown = new URL(opts.databaseUrl);
    shown.password = shown.password ? '***' : '';
    const description = `external Postgres at ${shown.toString()}`;
    opts.log?.(`using ${description}`);
    return { url: opts.databaseUrl, description, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, log: opts.log });
  const description = `embedded Postgres on 127.0.0.1:${embedded.port}${embedded.shared ? ' (shared with a running Folio process)' : ''}, data in ${path.resolve(opts.dataDir)}`;
  opts.log?.(`using ${description}`);
  return { url: embedded.url, description, stop: embedded.stop };
}
