// `folio restore`: replaces the contents of every Folio table with a `folio backup` file, in one
// transaction: the backup's rows, or on any problem (a bad or cut-off file, a row the schema rejects)
// the rows that were there. User triggers are off while loading so updated_at keeps the backup's values
// (the rows were valid when backed up); ALTER TABLE … DISABLE TRIGGER USER needs only table ownership.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { migrationSource } from '@folio/db';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { clearSharedCache, withDatabase } from './context.js';
import { action, CliError } from './fail.js';
import { userPath } from './user-path.js';
import { BACKUP_FORMAT, BACKUP_VERSION, folioTables, quoteIdent, type BackupHeader, type TableSection } from './backup-schema.js';
import { COPY_SESSION } from './backup.js';

/** Refuses a file that is not a backup, or one taken at a schema this code does not know (a newer Folio). */
async function checkHeader(line: string | undefined, file: string): Promise<BackupHeader> {
  let header: Partial<BackupHeader> | undefined;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    header = undefined;
  }
  if (header?.format !== BACKUP_FORMAT) throw new CliError(`${file} is not a folio backup file; nothing was restored.`);
  if (header.version !== BACKUP_VERSION) {
    throw new CliError(`${file} is a folio backup of format version ${header.version}; this Folio reads version ${BACKUP_VERSION}. Nothing was restored.`);
  }
  const known = await migrationSource.getMigrations([]);
  if (header.schema_version && !known.includes(header.schema_version)) {
    throw new CliError(
      `${file} was taken at schema ${header.schema_version}, newer than this Folio knows (latest ${known.at(-1)}): ` +
        'restore it with the Folio version that wrote it, or upgrade. Nothing was restored.',
    );
  }
  return header as BackupHeader;
}

export async function restoreFrom(url: string, file: string): Promise<Record<string, number>> {
  await access(file).catch(() => {
    throw new CliError(`cannot read ${file}: no such file`);
  });
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  await checkHeader(await next(), file);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query(COPY_SESSION);
    await client.query('BEGIN');
    await client.query("SET LOCAL lock_timeout = '10s'");
    const tables = await folioTables(client);
    const list = tables.map(quoteIdent).join(', ');
    for (const t of tables) await client.query(`ALTER TABLE ${quoteIdent(t)} DISABLE TRIGGER USER`);
    await client.query(`TRUNCATE ${list}`);

    for (let line = await next(); ; line = await next()) {
      if (line === undefined) throw new CliError(`${file} ends before its end marker (cut off?); nothing was restored.`);
      const parsed = JSON.parse(line) as Partial<TableSection> & { end?: boolean };
      if (parsed.end) break;
      const section = parsed as TableSection;
      if (!tables.includes(section.table)) {
        throw new CliError(`${file} holds a table "${section.table}" this database does not have; nothing was restored.`);
      }
      counts[section.table] = await loadTable(client, section, next, file);
      for (const s of section.sequences) {
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)`, [quoteIdent(section.table), s.column, s.last_value, s.is_called]);
      }
    }
    for (const t of tables) await client.query(`ALTER TABLE ${quoteIdent(t)} ENABLE TRIGGER USER`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (err instanceof CliError) throw err;
    throw new CliError(`restore failed, nothing was changed: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  return counts;
}

/** Streams one table's COPY rows (up to the `\.` line) into the database; returns the row count. */
async function loadTable(client: pg.Client, section: TableSection, next: () => Promise<string | undefined>, file: string): Promise<number> {
  const copy = client.query(copyFrom(`COPY ${quoteIdent(section.table)} (${section.columns.map(quoteIdent).join(', ')}) FROM STDIN`));
  // The stream may report more than one error (ours, then the server's answer to it): keep the first.
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) =>
    copy.on('error', (err: Error) => {
      failure ??= err;
      reject(failure);
    }),
  );
  failed.catch(() => {}); // raced below; an unobserved rejection must not crash the process
  for (let row = await next(); row !== '\\.'; row = await next()) {
    if (row === undefined) {
      copy.destroy(new Error('the backup file is cut off'));
      throw new CliError(`${file} ends inside table ${section.table} (cut off?); nothing was restored.`);
    }
    if (failure) throw failure;
    if (!copy.write(`${row}\n`)) await Promise.race([once(copy, 'drain'), failed]);
  }
  const finished = once(copy, 'finish');
  copy.end();
  await Promise.race([finished, failed]);
  return Number(copy.rowCount ?? 0);
}

export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('replace every Folio table with the contents of a `folio backup` file, in one transaction')
    .argument('<file>', 'a file written by `folio backup`')
    .action(
      action(async (given: string) => {
        await withDatabase(async (_db, { url }) => {
          const file = userPath(given);
          const counts = await restoreFrom(url, file);
          const summary = Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ');
          process.stderr.write(`restored ${file} (${summary})\n`);
        });
        await clearSharedCache();
      }),
    );
}
