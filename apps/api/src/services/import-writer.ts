// The write side of an import: batches of validated portfolios become a few set-based statements.
import type { ImportMode, ImportPortfolio, ImportReport } from '@folio/contract/transfer';
import type { Knex } from '@folio/db';
import type { ImportItem } from './import-checks.js';

interface ExistingStock {
  id: number;
  portfolio_id: number;
  ticker: string;
  weight: number | null;
  shares: number | null;
}

type StockRow = ImportPortfolio['stocks'][number] & { portfolio_id: number };

const stockRows = (portfolios: ImportPortfolio[]): StockRow[] =>
  portfolios.flatMap((p) => p.stocks.map((s) => ({ ...s, portfolio_id: p.id })));

/** Set-based writes: each call is a handful of statements, each over one JSON array (json_to_recordset). */
export class BatchWriter {
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

  /**
   * An import is one change at one point in time: it locks both tables against other writers (readers
   * go on, seeing the data as before until it commits). Live writes wait and then run against the
   * imported data, with ids past the imported ones (a write waiting longer than the statement timeout
   * answers 503, not applied); two imports run one after the other instead of deadlocking. Without it,
   * a create took an id the import had written but not committed (a 500, or a failed import).
   */
  async begin(): Promise<void> {
    await this.trx.raw('LOCK TABLE portfolios, portfolio_stocks IN SHARE ROW EXCLUSIVE MODE');
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
          this.report.stocks.unchanged++;
        } else {
          stockUpdates.push({ id: h.id, weight, shares });
          changed = true;
        }
      }
      if (added.length) stockInserts.push({ ...p, stocks: added });
      for (const gone of held.values()) stockDeletes.push(gone.id);
      if (held.size || added.length) changed = true;
      if (changed) this.report.portfolios.updated++;
      else this.report.portfolios.unchanged++;
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
