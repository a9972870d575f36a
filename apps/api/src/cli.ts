// `pnpm folio <command>`: operator tasks against the configured database (DATABASE_URL or embedded).
// Each command lives in src/cli/<name>.ts and registers itself on the program.
import { Command } from 'commander';
import { EmbeddedPostgresError } from '@folio/db';
import { ConfigError } from './config.js';
import { registerBackupCommand } from './cli/backup.js';
import { registerDbCommands } from './cli/db.js';
import { registerKeyCommands } from './cli/keys.js';
import { registerPriceCommands } from './cli/prices.js';
import { registerExportCommand } from './cli/export.js';
import { registerImportCommand } from './cli/import.js';
import { registerRestoreCommand } from './cli/restore.js';

const program = new Command('folio')
  .description('Folio operator commands. Uses DATABASE_URL, or the embedded Postgres under DATA_DIR.')
  .showHelpAfterError();

registerDbCommands(program);
registerKeyCommands(program);
registerExportCommand(program);
registerImportCommand(program);
registerPriceCommands(program);
registerBackupCommand(program);
registerRestoreCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  // A bad setting or an unusable data directory is one sentence, like the server's; anything else is a bug.
  if (!(err instanceof ConfigError || err instanceof EmbeddedPostgresError)) throw err;
  process.stderr.write(`error: ${err.message}\n`);
  process.exitCode = 1;
}
