// Export and import of whole portfolios. Export streams pages from one snapshot; import consumes
// portfolios one at a time (from a file stream or a parsed request body) and writes them in batches
// inside one transaction, so a 10,000-portfolio file is a few dozen statements, not 110,000, and the
// per-statement trigger (updated_at, weight sum) runs once per batch.
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ImportMode,
  type ImportPortfolio,
  type ImportReport,
} from '@folio/contract/transfer';
import { Portfolio, type Knex } from '@folio/db';
import { toPortfolioDto } from './portfolio-service.js';

const PAGE = 1000;
const BATCH = 1000;
/** Same float allowance as the database's weight-sum trigger. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

/** A rule the file breaks; `path` names the value (portfolios[3].stocks[1].weight), `line` where it ends. */
export class ImportFileError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${line !== undefined ? `line ${line}, ` : ''}${path}: ${reason}`);
  }
}

/** One portfolio read from a file, with where it was, for error messages. */
export interface ImportItem {
  portfolio: ImportPortfolio;
  index: number;
  line?: number;
}

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
  /** called after each batch with the number of portfolios processed so far */
  onProgress?: (portfolios: number) => void;
}

export interface ExportOptions {
  onProgress?: (done: number, total: number) => void;
}

class DryRunRollback extends Error {}

export class TransferService {
  constructor(private readonly db: Knex) {}

  /**
   * The export file as text pieces: the header, then one portfolio per line, so a file stays
   * line-addressable for error messages and never has to exist as one string.
   */
  async *exportText(options: ExportOptions = {}): AsyncGenerator<string> {
    const trx = await this.db.transaction({ isolationLevel: 'repeatable read', readOnly: true });
    try {
      const [{ count } = { count: 0 }] = await trx('portfolios').count<{ count: string | number }[]>({ count: '*' });
      const total = Number(count);
      const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: new Date().toISOString() };
      yield `${JSON.stringify(header).slice(0, -1)},"portfolios":[`;
      let done = 0;
      for await (const page of this.pages(trx)) {
        let text = '';
        for (const p of page) text += `${done++ === 0 ? '' : ','}\n${JSON.stringify(p)}`;
        yield text;
        options.onProgress?.(done, total);
      }
      yield '\n]}\n';
      await trx.commit();
    } finally {
      if (!trx.isCompleted()) await trx.rollback();
    }
  }

  /** The same content as one value, for callers that send a JSON body (REST, tRPC). */
  async exportDocument(): Promise<ExportDocument> {
    return this.db.transaction(
      async (trx) => {
        const exported_at = new Date().toISOString();
        const portfolios: ExportDocument['portfolios'] = [];
        for await (const page of this.pages(trx)) portfolios.push(...page);
        return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at, portfolios };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );
  }

  private async *pages(db: Knex) {
    let cursor = 0;
    for (;;) {
      const rows = await Portfolio.query(db).withGraphFetched('stocks').where('id', '>', cursor).orderBy('id').limit(PAGE);
      if (rows.length === 0) return;
      yield rows.map(toPortfolioDto);
      cursor = rows.at(-1)!.id;
      if (rows.length < PAGE) return;
    }
  }

  /** Loads portfolios in one transaction: all or nothing. A dry run does the same work and rolls back. */
  async import(items: AsyncIterable<ImportItem> | Iterable<ImportItem>, options: ImportOptions): Promise<ImportReport> {
    const report: ImportReport = {
      mode: options.mode,
      dry_run: options.dryRun,
      portfolios: { created: 0, updated: 0, skipped: 0, deleted: 0 },
      stocks: { created: 0, updated: 0, skipped: 0, deleted: 0 },
    };
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
      if (!(err instanceof DryRunRollback)) throw err;
    }
    return report;
  }
}

/** Rules that span values: unique ids and tickers, the weight sum. Single values were checked by zod. */
class ItemChecker {
  private readonly portfolioIds = new Set<number>();
  private readonly stockIds = new Set<number>();

  check({ portfolio, index, line }: ImportItem): void {
    const at = `portfolios[${index}]`;
    if (this.portfolioIds.has(portfolio.id)) throw new ImportFileError(`${at}.id`, `portfolio id ${portfolio.id} appears twice`, line);
    this.portfolioIds.add(portfolio.id);
    const tickers = new Set<string>();
    let weights = 0;
    portfolio.stocks.forEach((stock, j) => {
      if (tickers.has(stock.ticker)) {
        throw new ImportFileError(`${at}.stocks[${j}].ticker`, `${stock.ticker} appears twice in portfolio ${portfolio.id}`, line);
      }
      tickers.add(stock.ticker);
      if (stock.id !== undefined) {
        if (this.stockIds.has(stock.id)) throw new ImportFileError(`${at}.stocks[${j}].id`, `stock id ${stock.id} appears twice`, line);
        this.stockIds.add(stock.id);
      }
      weights += stock.weight ?? 0;
    });
    if (weights > 1 + WEIGHT_SUM_TOLERANCE) {
      throw new ImportFileError(`${at}.stocks`, `the explicit weights of portfolio ${portfolio.id} sum to ${weights}, above 1`, line);
    }
  }
}

interface ExistingStock {
  id: number;
  portfolio_id: number;
  ticker: string;
  weight: number | null;
  shares: number | null;
}

/** Set-based writes: each call is a handful of statements over one JSON array parameter (json_to_recordset), whatever the batch size. */
type StockRow = ImportPortfolio['stocks'][number] & { portfolio_id: number };

const stockRows = (portfolios: ImportPortfolio[]): StockRow[] =>
  portfolios.flatMap((p) => p.stocks.map((s) => ({ ...s, portfolio_id: p.id })));

class BatchWriter {
  private portfolioSeq = '';
  private stockSeq = '';
  private readonly unnumbered: StockRow[] = [];

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly mode: ImportMode,
    private readonly report: ImportReport,
    /** setval is not transactional: a dry run must not move the sequences */
    private readonly dryRun: boolean,
  ) {}

  async begin(): Promise<void> {
    const { rows } = await this.trx.raw<{ rows: { p: string; s: string }[] }>(
      "SELECT pg_get_serial_sequence('portfolios', 'id') AS p, pg_get_serial_sequence('portfolio_stocks', 'id') AS s",
    );
    this.portfolioSeq = rows[0]!.p;
    this.stockSeq = rows[0]!.s;
    if (this.mode === 'replace') {
      // DELETE, not TRUNCATE: readers keep seeing the old data until the import commits.
      const stocks = await this.trx('portfolio_stocks').del();
      const portfolios = await this.trx('portfolios').del();
      this.report.portfolios.deleted = portfolios;
      this.report.stocks.deleted = stocks;
    }
  }

  async write(batch: ImportItem[]): Promise<void> {
    if (batch.length === 0) return;
    if (this.mode === 'replace') {
      const portfolios = batch.map((b) => b.portfolio);
      await this.insertPortfolios(portfolios);
      const rows = stockRows(portfolios);
      this.unnumbered.push(...rows.filter((r) => r.id === undefined));
      await this.insertStocks(rows.filter((r) => r.id !== undefined), 'file');
      return;
    }
    await this.merge(batch.map((b) => b.portfolio));
  }

  /** Sequences move past the imported ids, so later creates don't collide with them. */
  async finish(): Promise<void> {
    for (const [seq, table] of [
      [this.portfolioSeq, 'portfolios'],
      [this.stockSeq, 'portfolio_stocks'],
    ] as const) {
      await this.trx.raw(`SELECT setval(?::regclass, GREATEST((SELECT max(id) FROM ??), 1), (SELECT max(id) FROM ??) IS NOT NULL)`, [
        seq,
        table,
        table,
      ]);
    }
  }

  private async insertPortfolios(portfolios: ImportPortfolio[]): Promise<void> {
    if (portfolios.length === 0) return;
    await this.trx.raw(
      `INSERT INTO portfolios (id, name, description, created_at)
       SELECT id, name, description, COALESCE(created_at, now())
       FROM json_to_recordset(?::json) AS u(id int, name text, description text, created_at timestamptz)`,
      [JSON.stringify(portfolios.map(({ id, name, description, created_at }) => ({ id, name, description, created_at })))],
    );
    this.report.portfolios.created += portfolios.length;
  }

  /**
   * `file`: the file's ids. `sequence`: fresh ids. `after-max`: ids above every id present, without the
   * sequence (a replace may still insert a later batch's explicit ids, which nextval could hit first).
   */
  private async insertStocks(rows: StockRow[], ids: 'file' | 'sequence' | 'after-max'): Promise<void> {
    if (rows.length === 0) return;
    const id = {
      file: 'u.id',
      sequence: 'nextval(?::regclass)',
      'after-max': '(SELECT COALESCE(max(id), 0) FROM portfolio_stocks) + row_number() OVER ()',
    }[ids];
    await this.trx.raw(
      `INSERT INTO portfolio_stocks (id, portfolio_id, ticker, weight, shares, added_at)
       SELECT ${id}, portfolio_id, ticker, weight, shares, COALESCE(added_at, now())
       FROM json_to_recordset(?::json)
         AS u(id int, portfolio_id int, ticker text, weight float8, shares float8, added_at timestamptz)`,
      [...(ids === 'sequence' ? [this.stockSeq] : []), JSON.stringify(rows)],
    );
    this.report.stocks.created += rows.length;
  }

  /** Replace mode's holdings without an id, numbered once every explicit id is in. */
  async flush(): Promise<void> {
    await this.insertStocks(this.unnumbered.splice(0), 'after-max');
  }

  /** Merge: portfolios match by id, their holdings by ticker; the file's state wins for what it lists. */
  private async merge(portfolios: ImportPortfolio[]): Promise<void> {
    const ids = portfolios.map((p) => p.id);
    const existing = new Map<number, { name: string; description: string | null }>();
    for (const row of await this.trx('portfolios').select('id', 'name', 'description').whereIn('id', ids).forUpdate()) {
      existing.set(row.id as number, row as { name: string; description: string | null });
    }
    const holdings = new Map<number, ExistingStock[]>();
    for (const s of await this.trx<ExistingStock>('portfolio_stocks')
      .select('id', 'portfolio_id', 'ticker', 'weight', 'shares')
      .whereIn('portfolio_id', ids)) {
      holdings.set(s.portfolio_id, [...(holdings.get(s.portfolio_id) ?? []), s]);
    }

    const creates: ImportPortfolio[] = [];
    const renames: ImportPortfolio[] = [];
    const stockInserts: ImportPortfolio[] = [];
    const stockUpdates: { id: number; weight: number | null; shares: number | null }[] = [];
    const stockDeletes: number[] = [];
    for (const p of portfolios) {
      const current = existing.get(p.id);
      if (!current) {
        creates.push(p);
        continue;
      }
      const description = p.description === undefined ? current.description : p.description;
      let changed = current.name !== p.name || current.description !== description;
      if (changed) renames.push({ ...p, description });
      const held = new Map((holdings.get(p.id) ?? []).map((s) => [s.ticker, s]));
      const added: ImportPortfolio['stocks'] = [];
      for (const s of p.stocks) {
        const h = held.get(s.ticker);
        held.delete(s.ticker);
        if (!h) {
          added.push(s);
          continue;
        }
        const weight = s.weight ?? null;
        const shares = s.shares ?? null;
        if (h.weight === weight && h.shares === shares) {
          this.report.stocks.skipped++;
        } else {
          stockUpdates.push({ id: h.id, weight, shares });
          changed = true;
        }
      }
      if (added.length) stockInserts.push({ ...p, stocks: added });
      for (const gone of held.values()) stockDeletes.push(gone.id);
      if (held.size || added.length) changed = true;
      if (changed) this.report.portfolios.updated++;
      else this.report.portfolios.skipped++;
    }

    await this.bumpSequence(this.portfolioSeq, creates);
    await this.insertPortfolios(creates);
    if (renames.length) {
      await this.trx.raw(
        `UPDATE portfolios SET name = u.name, description = u.description
         FROM json_to_recordset(?::json) AS u(id int, name text, description text) WHERE portfolios.id = u.id`,
        [JSON.stringify(renames.map(({ id, name, description }) => ({ id, name, description })))],
      );
    }
    // Deletes before updates before inserts: every intermediate weight sum is part of the final one.
    if (stockDeletes.length) {
      await this.trx('portfolio_stocks').whereIn('id', stockDeletes).del();
      this.report.stocks.deleted += stockDeletes.length;
    }
    if (stockUpdates.length) {
      await this.trx.raw(
        `UPDATE portfolio_stocks SET weight = u.weight, shares = u.shares
         FROM json_to_recordset(?::json) AS u(id int, weight float8, shares float8) WHERE portfolio_stocks.id = u.id`,
        [JSON.stringify(stockUpdates)],
      );
      this.report.stocks.updated += stockUpdates.length;
    }
    // New holdings get fresh ids in merge mode: the file's stock ids may belong to other portfolios here.
    await this.insertStocks(
      stockRows([...creates, ...stockInserts]).map((r) => ({ ...r, id: undefined })),
      'sequence',
    );
  }

  /** Explicit ids would otherwise be handed out again by the sequence to a concurrent create. */
  private async bumpSequence(seq: string, created: ImportPortfolio[]): Promise<void> {
    if (created.length === 0 || this.dryRun) return;
    const max = Math.max(...created.map((p) => p.id));
    await this.trx.raw('SELECT setval(?::regclass, GREATEST(?::bigint, COALESCE(pg_sequence_last_value(?::regclass), 0)))', [seq, max, seq]);
  }
}
