import { access } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { clearSharedCache, withDatabase } from './context.js';
import { action, CliError } from './fail.js';
import { findPgTool, runTool, startTool } from './pg-tools.js';
import { userPath } from './user-path.js';

// Replaces the two tables' data in one psql transaction: the backup's rows, or on any error the rows
// that were there. User triggers are off while loading so updated_at keeps the backup's values (the
// rows were valid when dumped); ALTER TABLE … DISABLE TRIGGER USER needs only table ownership.
const BEFORE = [
  "SET lock_timeout = '10s'",
  'ALTER TABLE public.portfolio_stocks DISABLE TRIGGER USER',
  'ALTER TABLE public.portfolios DISABLE TRIGGER USER',
  'TRUNCATE public.portfolios, public.portfolio_stocks',
].join('; ');
const AFTER = ['ALTER TABLE public.portfolios ENABLE TRIGGER USER', 'ALTER TABLE public.portfolio_stocks ENABLE TRIGGER USER'].join(
  '; ',
);

export async function restoreFrom(url: string, file: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await access(file).catch(() => {
    throw new CliError(`cannot read ${file}: no such file`);
  });
  const [pgRestore, psql] = await Promise.all([findPgTool('pg_restore', env), findPgTool('psql', env)]);
  // pg_restore only turns the archive into SQL (no server involved); psql runs it between our BEGIN and
  // a COMMIT that is sent only once pg_restore has succeeded. If pg_restore fails, psql reaches the end
  // of its input inside the open transaction and exits, and the server rolls everything back.
  const script = new PassThrough();
  const load = runTool(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', '-', `--dbname=${url}`], script);
  script.write(`BEGIN;\n${BEFORE};\n`);
  const sql = startTool(pgRestore, ['--data-only', '--no-owner', '--no-privileges', '--file=-', file]);
  sql.stdout.pipe(script, { end: false });
  const converted = await sql.done.then(
    () => undefined,
    (err: Error) => err,
  );
  await new Promise<void>((resolve) => (sql.stdout.readableEnded ? resolve() : sql.stdout.once('end', () => resolve())));
  script.end(converted ? '\n' : `\n${AFTER};\nCOMMIT;\n`);
  const loaded = await load.then(
    () => undefined,
    (err: Error) => err,
  );
  if (converted) {
    throw new CliError(`${file} could not be read by pg_restore ${pgRestore.version}; nothing was restored. ${converted.message}`);
  }
  if (loaded) throw new CliError(`restore failed; nothing was changed. ${loaded.message}`);
}

export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('replace all portfolios and stocks with those of a `folio backup` file, in one transaction')
    .argument('<file>', 'a file written by `folio backup`')
    .action(
      action(async (given: string) => {
        await withDatabase(async (db, { url }) => {
          const file = userPath(given);
          await restoreFrom(url, file);
          const [{ count } = { count: 0 }] = await db('portfolios').count<{ count: string }[]>({ count: '*' });
          process.stderr.write(`restored ${count} portfolios from ${file}\n`);
        });
        await clearSharedCache();
      }),
    );
}
