// `folio backup`: every Folio table's rows, written through the driver with COPY (no pg_dump, so any
// server version the driver speaks to works, the embedded one included). The file, line by line:
//   {"format":"folio-backup","version":1,"schema_version":…,"taken_at":…,"postgres":…,"tables":[…]}
//   then for each table: {"table":…,"columns":[…],"sequences":[…]}, its rows in COPY text format, and `\.`
//   {"end":true} — so a cut-off file is recognised and refused.
// All tables are read in one REPEATABLE READ snapshot, so the backup is consistent while the API writes.
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { withDatabase } from './context.js';
import { action, CliError } from './fail.js';
import { userPath } from './user-path.js';
import { BACKUP_FORMAT, BACKUP_VERSION, describeTable, folioTables, quoteIdent, schemaVersion, type BackupHeader } from './backup-schema.js';

/** Settings that make COPY's text output read back identically on any server. */
export const COPY_SESSION = "SET datestyle = 'ISO, YMD'; SET intervalstyle = 'postgres'; SET client_encoding = 'UTF8'";

export async function backupTo(url: string, file: string): Promise<{ tables: Record<string, number> }> {
  const handle = await open(file, 'w', 0o600).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot write ${file} (${err.code ?? err.message}): choose another place with --out.`);
  });
  const out = createWriteStream(file, { fd: handle }); // the stream owns (and closes) the handle
  const client = new pg.Client({ connectionString: url });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const counts: Record<string, number> = {};
  let complete = false;
  try {
    await client.connect();
    await client.query(COPY_SESSION);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await folioTables(client);
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      schema_version: await schemaVersion(client),
      taken_at: new Date().toISOString(),
      postgres: rows[0]?.v ?? '',
      tables,
    };
    await write(`${JSON.stringify(header)}\n`);
    for (const table of tables) {
      const section = await describeTable(client, table);
      await write(`${JSON.stringify(section)}\n`);
      const copy = client.query(copyTo(`COPY ${quoteIdent(table)} (${section.columns.map(quoteIdent).join(', ')}) TO STDOUT`));
      await pipeline(copy, out as Writable, { end: false });
      counts[table] = Number(copy.rowCount ?? 0);
      await write('\\.\n');
    }
    await client.query('COMMIT');
    await write(`${JSON.stringify({ end: true })}\n`);
    complete = true;
  } finally {
    await client.end().catch(() => {});
    out.end();
    await once(out, 'close');
    if (!complete) await rm(file, { force: true }); // never leave a file that looks like a backup
  }
  return { tables: counts };
}

export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('write every Folio table (portfolios, stocks, API keys, …) to one file, for `folio restore`')
    .option('-o, --out <file>', 'the backup file (default: folio-backup-<time>.folio)')
    .action(
      action(async (opts: { out?: string }) =>
        withDatabase(async (_db, { url }) => {
          const file = userPath(opts.out ?? `folio-backup-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '')}.folio`);
          const { tables } = await backupTo(url, file);
          const summary = Object.entries(tables).map(([t, n]) => `${t} ${n}`).join(', ');
          process.stderr.write(`backup written to ${file} (${summary})\n`);
        }),
      ),
    );
}
