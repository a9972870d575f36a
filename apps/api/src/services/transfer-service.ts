// Export and import of whole portfolios. Export streams pages from one snapshot; import consumes
// portfolios one at a time (from a file stream or a parsed request body) and writes them in batches
// inside one transaction, so a 10,000-portfolio file is a few dozen statements, not 110,000, and the
// per-statement trigger (updated_at, weight sum) runs once per batch.
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  importCounts,
  type ExportDocument,
  type ImportMode,
  type ImportReport,
} from '@folio/contract/transfer';
import type { Readable } from 'node:stream';
import { PORTFOLIO_LINES_COPY, portfolioPagesJson, type Knex } from '@folio/db';
import { ConflictError, ImportFileError, isCheckViolation, isUniqueViolation } from '../errors/index.js';
import { ItemChecker, type ImportItem } from './import-checks.js';
import { BatchWriter } from './import-writer.js';
import { copyJsonLines } from './json-lines.js';
import type { SnapshotReads } from './snapshot-reads.js';
import type { WritePath } from './write-path.js';

export { ImportFileError } from '../errors/index.js';
export type { ImportItem } from './import-checks.js';

const PAGE = 1000;
/** The CLI's export goes out in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;
const BATCH = 1000;

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  /** called after each batch with the number of portfolios processed so far */
  onProgress?: (portfolios: number) => void;
  /** where the file sits in the caller's input, for error paths (a request's `document`) */
  pathPrefix?: string;
}

export interface ExportOptions {
  onProgress?: (done: number, total: number) => void;
  /** the header's exported_at (default: now) */
  exportedAt?: Date;
}

class DryRunRollback extends Error {}

/** The writer counts `unchanged`; `skipped` is its alias on the wire. */
const withSkippedAlias = (report: ImportReport): ImportReport => ({
  ...report,
  portfolios: importCounts(report.portfolios),
  stocks: importCounts(report.stocks),
});

// The file's text, in pieces: the header, one portfolio per line, the closing line.
type ExportHeader = Omit<ExportDocument, 'portfolios'>;
const headerText = (header: ExportHeader) => `${JSON.stringify(header).slice(0, -1)},"portfolios":[`;
const portfolioLine = (json: string, index: number) => `${index === 0 ? '' : ','}\n${json}`;
const END_TEXT = '\n]}\n';

export class TransferService {
  constructor(
    private readonly db: Knex,
    private readonly writes: WritePath,
    private readonly snapshots: SnapshotReads,
  ) {}

  /**
   * The export file as text pieces from one snapshot: the header, then a page of portfolios at a
   * time, one per line, so a file stays line-addressable for error messages and never has to exist
   * as one string (the CLI writes the pieces to its file, REST streams them).
   */
  exportText(options: ExportOptions = {}): AsyncGenerator<string> {
    const exported_at = (options.exportedAt ?? new Date()).toISOString();
    return this.snapshots.read(async function* (trx) {
      const [{ count } = { count: 0 }] = await trx('portfolios').count<{ count: string | number }[]>({ count: '*' });
      const total = Number(count);
      yield headerText({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at });
      let done = 0;
      let text = '';
      for await (const page of portfolioPagesJson(trx, PAGE)) {
        for (const p of page) {
          text += portfolioLine(p.json, done++);
          if (text.length >= PIECE_CHARS) {
            yield text;
            text = '';
          }
        }
        options.onProgress?.(done, total);
      }
      yield text + END_TEXT;
    });
  }

  /**
   * The same file as a stream of bytes straight from Postgres (one COPY, one snapshot; see
   * json-lines.ts): what REST sends, in flat memory at any size. `exportedAt` names the download.
   */
  exportStream(exportedAt: Date): Promise<Readable> {
    const open = headerText({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: exportedAt.toISOString() });
    return this.snapshots.stream(() => copyJsonLines(this.db, PORTFOLIO_LINES_COPY, { open, first: '\n', between: ',\n', close: END_TEXT }));
  }

  /** The same content as one value, for callers that want a JSON body (tRPC). */
  async exportDocument(): Promise<ExportDocument> {
    const exported_at = new Date().toISOString();
    const portfolios: ExportDocument['portfolios'] = [];
    for await (const page of this.snapshots.read((trx) => portfolioPagesJson(trx, PAGE))) {
      for (const p of page) portfolios.push(JSON.parse(p.json));
    }
    return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at, portfolios };
  }

  /** Loads portfolios in one transaction: all or nothing. A dry run does the same work and rolls back. */
  async import(items: AsyncIterable<ImportItem> | Iterable<ImportItem>, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = {
      mode: options.mode,
      dry_run: options.dryRun,
      portfolios: importCounts({ created: 0, updated: 0, unchanged: 0, deleted: 0 }),
      stocks: importCounts({ created: 0, updated: 0, unchanged: 0, deleted: 0 }),
    };
    // A dry run rolls back, so it writes nothing and invalidates nothing.
    if (options.dryRun) return this.load(items, options, report);
    return this.writes.everything(() => this.load(items, options, report));
  }

  private async load(
    items: AsyncIterable<ImportItem> | Iterable<ImportItem>,
    options: ImportOptions,
    report: ImportReport,
  ): Promise<ImportReport> {
    try {
      await this.db.transaction(async (trx) => {
        const writer = new BatchWriter(trx, options.mode, report, options.dryRun);
        await writer.begin();
        const checker = new ItemChecker();
        let batch: ImportItem[] = [];
        let done = 0;
        for await (const item of items) {
          checker.check(item);
          batch.push(item);
          if (batch.length >= BATCH) {
            await writer.write(batch);
            done += batch.length;
            batch = [];
            options.onProgress?.(done);
          }
        }
        await writer.write(batch);
        await writer.flush();
        options.onProgress?.(done + batch.length);
        if (options.dryRun) throw new DryRunRollback();
        await writer.finish();
      });
    } catch (err) {
      if (err instanceof DryRunRollback) return withSkippedAlias(report);
      if (err instanceof ImportFileError && options.pathPrefix) throw err.within(options.pathPrefix);
      // The file was valid but the database disagreed: a concurrent write took an id or a weight it uses.
      if (isUniqueViolation(err) || isCheckViolation(err)) {
        throw new ConflictError('The import collided with a concurrent write; nothing was imported. Try again.');
      }
      throw err;
    }
    return withSkippedAlias(report);
  }
}
