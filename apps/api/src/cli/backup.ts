import type { Command } from 'commander';
import type { Knex } from '@folio/db';
import { withDatabase } from './context.js';
import { action } from './fail.js';
import { userPath } from './user-path.js';
import { assertCanDump, findPgTool, runTool, serverMajor } from './pg-tools.js';

/** The data of the two tables (and their id sequences); the schema comes from the migrations. */
export const BACKUP_TABLES = ['public.portfolios', 'public.portfolio_stocks'];

export async function backupTo(db: Knex, url: string, file: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const pgDump = await findPgTool('pg_dump', env);
  assertCanDump(pgDump, await serverMajor(db));
  await runTool(pgDump, [
    '--format=custom',
    '--data-only',
    '--no-owner',
    '--no-privileges',
    ...BACKUP_TABLES.map((t) => `--table=${t}`),
    `--file=${file}`,
    `--dbname=${url}`,
  ]);
}

export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('pg_dump the portfolios and portfolio_stocks data (custom format, for `folio restore`)')
    .option('-o, --out <file>', 'the backup file (default: folio-backup-<time>.dump)')
    .action(
      action(async (opts: { out?: string }) =>
        withDatabase(async (db, { url }) => {
          const file = userPath(opts.out ?? `folio-backup-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '')}.dump`);
          await backupTo(db, url, file);
          process.stderr.write(`backup written to ${file}\n`);
        }),
      ),
    );
}
