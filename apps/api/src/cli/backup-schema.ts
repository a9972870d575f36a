// What a backup holds, read from the database itself so a table added by a later migration (prices, …)
// is included without changing this code: every table of the schema Folio migrates except Knex's own
// bookkeeping, parents before children (foreign keys), with their writable columns and id sequences.
import type pg from 'pg';

export const BACKUP_FORMAT = 'folio-backup';
export const BACKUP_VERSION = 1;

/** Knex's migration bookkeeping: the schema version is recorded in the header instead. */
const NOT_DATA = new Set(['knex_migrations', 'knex_migrations_lock']);

export interface SequenceState {
  column: string;
  last_value: number;
  is_called: boolean;
}

export interface TableSection {
  table: string;
  columns: string[];
  sequences: SequenceState[];
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** the last migration applied when the backup was taken */
  schema_version: string;
  taken_at: string;
  postgres: string;
  tables: string[];
}

/** Folio's tables in dependency order (a referenced table before the tables referencing it). */
export async function folioTables(client: pg.Client): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const { rows: edges } = await client.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
       JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
      WHERE k.contype = 'f' AND ch.relnamespace = current_schema()::regnamespace AND k.conrelid <> k.confrelid`,
  );
  const names = tables.map((t) => t.name).filter((n) => !NOT_DATA.has(n));
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name) || path.has(name)) return;
    path.add(name);
    for (const e of edges) if (e.child === name && names.includes(e.parent)) visit(e.parent, path);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

/** A table's columns that COPY can write (not generated), and the state of its columns' sequences. */
export async function describeTable(client: pg.Client, table: string): Promise<TableSection> {
  const { rows } = await client.query<{ name: string; sequence: string | null }>(
    `SELECT a.attname AS name, pg_get_serial_sequence(quote_ident($1), a.attname) AS sequence
       FROM pg_attribute a
      WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY a.attnum`,
    [table],
  );
  const sequences: SequenceState[] = [];
  for (const { name, sequence } of rows) {
    if (!sequence) continue;
    const { rows: state } = await client.query<{ last_value: string; is_called: boolean }>(`SELECT last_value, is_called FROM ${sequence}`);
    if (state[0]) sequences.push({ column: name, last_value: Number(state[0].last_value), is_called: state[0].is_called });
  }
  return { table, columns: rows.map((r) => r.name), sequences };
}

/** The last applied migration: a backup records it, and restore refuses one newer than this code knows. */
export async function schemaVersion(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id DESC LIMIT 1');
  return rows[0]?.name ?? '';
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
