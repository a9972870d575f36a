import { Readable } from 'node:stream';
import type {
  AddStockInput,
  CreatePortfolioInput,
  ListPortfoliosInput,
  Portfolio as PortfolioDto,
  RemoveStockInput,
  UpdatePortfolioInput,
  UpdateStockInput,
} from '@folio/contract';
import type { SetWeightsInput } from '@folio/contract/analysis';
import {
  addStockJson,
  createPortfolioJson,
  Portfolio,
  portfolioJson,
  portfolioListJson,
  PORTFOLIO_LINES_COPY,
  portfolioPageJson,
  PortfolioStock,
  updatePortfolioJson,
  type Knex,
} from '@folio/db';
import type { ServiceCache } from '../cache/index.js';
import { ConflictError, isCheckViolation, isForeignKeyViolation, isUniqueViolation, NotFoundError, RuleError } from '../errors/index.js';
import { lazyJson } from './raw-json.js';
import { copyJsonLines } from './json-lines.js';
import type { SnapshotReads } from './snapshot-reads.js';
import type { WritePath } from './write-path.js';

const WEIGHT_SUM = 'portfolio_weights_sum_at_most_one';
/**
 * Up to this many portfolios the whole list is one statement's answer, sent at once (~600 KB at 10
 * holdings each); beyond it, it streams. Finding out costs a large list one discarded page (1 % of
 * 50,000), and saves a small one the three extra round trips of a stream (measured: 0.54× → see
 * docs/performance.md).
 */
const SMALL_LIST = 500;

const missingPortfolio = (id: number) => new NotFoundError(`Portfolio ${id} does not exist.`);

function weightSumProblem(portfolioId: number) {
  return new RuleError(`The explicit weights of portfolio ${portfolioId} would sum to more than 1.`, [
    { path: 'weight', message: 'Explicit weights of a portfolio must sum to at most 1' },
  ]);
}

/**
 * Portfolio reads and writes; every write is one transaction and returns the state it committed.
 * Reads are one SQL statement each that returns the wire JSON (see @folio/db's portfolio-json.ts), cached
 * in Redis when a cache is given; writes go through the WritePath, which invalidates after their commit.
 * Read results are lazyJson values: REST sends their text as is, tRPC serialises them.
 */
export class PortfolioService {
  constructor(
    private readonly db: Knex,
    private readonly writes: WritePath,
    private readonly snapshots: SnapshotReads,
    private readonly cache?: ServiceCache,
  ) {}

  async list(input: ListPortfoliosInput = {}): Promise<PortfolioDto[]> {
    // Searches are not cached: every keystroke is a different key, and each is an indexed query.
    if (input.q?.trim()) return lazyJson(await portfolioListJson(this.db, input), 'array');
    const paged = input.limit !== undefined || input.cursor !== undefined;
    const cached = await this.cache?.list(paged ? `${input.limit ?? 'all'}:${input.cursor ?? 0}` : 'all');
    if (cached?.json !== undefined) return lazyJson(cached.json, 'array');
    const json = await portfolioListJson(this.db, paged ? input : undefined);
    cached?.fill(json);
    return lazyJson(json, 'array');
  }

  /**
   * The whole list as a stream of its JSON text, the same bytes list() answers: from the cache when it
   * holds it; else, when there are at most SMALL_LIST portfolios, from one statement, as a page is read
   * (a small list costs what it always did); else straight from Postgres (one COPY statement, so one
   * snapshot; see json-lines.ts), so memory stays flat however many portfolios there are. A list small
   * enough for the cache is stored once read, under the token read before the database was, so a write
   * that committed meanwhile makes it unreachable (see cache/portfolio-cache.ts).
   */
  async listStream(): Promise<Readable> {
    const cached = await this.cache?.list('all');
    if (cached?.json !== undefined) return Readable.from([Buffer.from(cached.json)]);
    const firstRows = await portfolioPageJson(this.db, { limit: SMALL_LIST + 1 });
    if (firstRows.length <= SMALL_LIST) {
      const json = `[${firstRows.map((row) => row.json).join(',')}]`;
      cached?.fill(json);
      return Readable.from([Buffer.from(json)]);
    }
    return this.snapshots.stream(() =>
      copyJsonLines(this.db, PORTFOLIO_LINES_COPY, { open: '[', first: '', between: ',', close: ']' }, {
        ...(cached?.fillsUpTo !== undefined ? { keepUpTo: cached.fillsUpTo, onComplete: cached.fill } : {}),
      }),
    );
  }

  async byId(id: number): Promise<PortfolioDto> {
    const cached = await this.cache?.portfolio(id);
    if (cached?.json !== undefined) return lazyJson(cached.json, 'object');
    const json = await portfolioJson(this.db, id);
    if (json === undefined) throw missingPortfolio(id);
    cached?.fill(json);
    return lazyJson(json, 'object');
  }

  /** The state a write committed, read inside its transaction. */
  private async committedState(trx: Knex, id: number): Promise<PortfolioDto> {
    const json = await portfolioJson(trx, id);
    if (json === undefined) throw missingPortfolio(id);
    return lazyJson(json, 'object');
  }

  async create(input: CreatePortfolioInput): Promise<PortfolioDto> {
    return this.writes.portfolios(
      (created) => created.id,
      async () => {
        const json = await createPortfolioJson(this.db, { name: input.name, description: input.description ?? null });
        return lazyJson<PortfolioDto>(json, 'object');
      },
    );
  }

  async update({ id, ...changes }: UpdatePortfolioInput): Promise<PortfolioDto> {
    if (changes.name === undefined && changes.description === undefined) return this.byId(id);
    return this.writes.portfolios([id], async () => {
      const json = await updatePortfolioJson(this.db, id, changes);
      if (json === undefined) throw missingPortfolio(id);
      return lazyJson<PortfolioDto>(json, 'object');
    });
  }

  async delete(id: number): Promise<void> {
    await this.writes.portfolios([id], async () => {
      const deleted = await Portfolio.query(this.db).deleteById(id);
      if (deleted === 0) throw missingPortfolio(id);
    });
  }

  /** One statement (a database function): insert, then the state it committed, in one round trip. */
  async addStock(input: AddStockInput): Promise<PortfolioDto> {
    return this.writes.portfolios([input.portfolio_id], () => this.insertStock(input));
  }

  private async insertStock(input: AddStockInput): Promise<PortfolioDto> {
    let json: string | undefined;
    try {
      json = await addStockJson(this.db, {
        portfolio_id: input.portfolio_id,
        ticker: input.ticker,
        weight: input.weight ?? null,
        shares: input.shares ?? null,
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictError(`Portfolio ${input.portfolio_id} already holds ${input.ticker}.`, [
          { path: 'ticker', message: `${input.ticker} is already in this portfolio` },
        ]);
      }
      if (isForeignKeyViolation(err)) throw missingPortfolio(input.portfolio_id);
      if (isCheckViolation(err, WEIGHT_SUM)) throw weightSumProblem(input.portfolio_id);
      throw err;
    }
    if (json === undefined) throw missingPortfolio(input.portfolio_id);
    return lazyJson(json, 'object');
  }

  async updateStock({ portfolio_id, stock_id, ...changes }: UpdateStockInput): Promise<PortfolioDto> {
    return this.writes.portfolios([portfolio_id], () => this.db.transaction(async (trx) => {
      const query = PortfolioStock.query(trx).where({ id: stock_id, portfolio_id });
      try {
        const matched =
          changes.weight !== undefined || changes.shares !== undefined
            ? await query.patch(changes)
            : (await query.select('id')).length;
        if (matched === 0) throw await this.missingStock(trx, portfolio_id, stock_id);
      } catch (err) {
        if (isCheckViolation(err, WEIGHT_SUM)) throw weightSumProblem(portfolio_id);
        throw err;
      }
      return this.committedState(trx, portfolio_id);
    }));
  }

  async removeStock({ portfolio_id, stock_id }: RemoveStockInput): Promise<PortfolioDto> {
    return this.writes.portfolios([portfolio_id], () => this.db.transaction(async (trx) => {
      const deleted = await PortfolioStock.query(trx).delete().where({ id: stock_id, portfolio_id });
      if (deleted === 0) throw await this.missingStock(trx, portfolio_id, stock_id);
      return this.committedState(trx, portfolio_id);
    }));
  }

  /**
   * Many target weights in one statement (an optimiser's answer applied at once): held tickers only,
   * holdings not named keep theirs, and the sum rule is the database's (1e-9 tolerance, so an answer
   * summing to 1 within float noise is accepted). Shorts are refused by the input schema.
   */
  async setWeights({ id, weights }: SetWeightsInput): Promise<PortfolioDto> {
    const entries = Object.entries(weights);
    const tickers = entries.map(([ticker]) => ticker);
    return this.writes.portfolios([id], () => this.db.transaction(async (trx) => {
      const held = await PortfolioStock.query(trx).where({ portfolio_id: id }).select('ticker');
      if (held.length === 0 && !(await Portfolio.query(trx).findById(id).select('id'))) throw missingPortfolio(id);
      const heldTickers = new Set(held.map((s) => s.ticker));
      const notHeld = tickers.filter((t) => !heldTickers.has(t));
      if (notHeld.length > 0) {
        throw new RuleError(
          `Portfolio ${id} does not hold ${notHeld.join(', ')}; weights can be set only for held tickers (add the stock first).`,
          notHeld.map((t) => ({ path: `weights.${t}`, message: `${t} is not held by this portfolio` })),
        );
      }
      try {
        await trx.raw(
          `UPDATE portfolio_stocks s SET weight = v.weight
             FROM unnest(?::text[], ?::float8[]) AS v(ticker, weight)
            WHERE s.portfolio_id = ? AND s.ticker = v.ticker`,
          [tickers, entries.map(([, weight]) => weight), id],
        );
      } catch (err) {
        if (isCheckViolation(err, WEIGHT_SUM)) throw weightSumProblem(id);
        throw err;
      }
      return this.committedState(trx, id);
    }));
  }

  private async missingStock(db: Knex, portfolioId: number, stockId: number): Promise<NotFoundError> {
    const portfolio = await Portfolio.query(db).findById(portfolioId).select('id');
    return portfolio ? new NotFoundError(`Portfolio ${portfolioId} has no stock ${stockId}.`) : missingPortfolio(portfolioId);
  }
}
