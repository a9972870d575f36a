import { EmbeddedPostgresError } from '@folio/db';
import { ConfigError, loadConfig } from './config.js';
import { ListenError, startServer } from './server.js';

try {
  // Paths in settings (DATA_DIR) are relative to where the command was typed: pnpm runs scripts elsewhere
  // and leaves that directory in INIT_CWD.
  const server = await startServer(loadConfig(process.env, process.env.INIT_CWD ?? process.cwd()));
  server.app.log.info(`Folio is listening on ${server.url}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: Ctrl-C reaches this process twice (from the terminal, and relayed by pnpm), and a
  // second signal without a listener would kill it mid-shutdown, leaving Postgres running.
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  // A mistake in the setup is one sentence; anything else is a bug, shown in full.
  const known = err instanceof ConfigError || err instanceof ListenError || err instanceof EmbeddedPostgresError;
  console.error(known ? `Folio did not start: ${err.message}` : err);
  process.exit(1);
}
