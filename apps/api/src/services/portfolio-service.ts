import type {
  AddStockInput,
  CreatePortfolioInput,
  ListPortfoliosInput,
  Portfolio as PortfolioDto,
  RemoveStockInput,
  Stock as StockDto,
  UpdatePortfolioInput,
  UpdateStockInput,
} from '@folio/contract';
import { Portfolio, PortfolioStock, type Knex } from '@folio/db';
import type { ServiceCache } from '../cache/index.js';
import { ConflictError, isCheckViolation, isForeignKeyViolation, isUniqueViolation, NotFoundError, RuleError } from '../errors/index.js';
import { addStockJson, portfolioJson, portfolioListJson, updatePortfolioJson } from './portfolio-json-sql.js';
import { lazyJson } from './raw-json.js';

const WEIGHT_SUM = 'portfolio_weights_sum_at_most_one';

export function toStockDto(s: PortfolioStock): StockDto {
  return {
    id: s.id,
    portfolio_id: s.portfolio_id,
    ticker: s.ticker,
    weight: s.weight,
    shares: s.shares,
    added_at: s.added_at.toISOString(),
  };
}

export function toPortfolioDto(p: Portfolio): PortfolioDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
    stocks: (p.stocks ?? []).map(toStockDto),
  };
}

const missingPortfolio = (id: number) => new NotFoundError(`Portfolio ${id} does not exist.`);

function weightSumProblem(portfolioId: number) {
  return new RuleError(`The explicit weights of portfolio ${portfolioId} would sum to more than 1.`, [
    { path: 'weight', message: 'Explicit weights of a portfolio must sum to at most 1' },
  ]);
}

/**
 * Portfolio reads and writes; every write is one transaction and returns the state it committed.
 * Reads are one SQL statement each that returns the wire JSON (see portfolio-json-sql.ts), cached in
 * Redis when a cache is given; writes invalidate after their commit, before they answer.
 * Read results are lazyJson values: REST sends their text as is, tRPC serialises them.
 */
export class PortfolioService {
  constructor(
    private readonly db: Knex,
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

  /** Runs a write transaction; once it has committed, invalidates what it touched before answering. */
  private async write<T>(ids: readonly number[], work: (trx: Knex) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(work);
    await this.cache?.invalidate(ids);
    return result;
  }

  async create(input: CreatePortfolioInput): Promise<PortfolioDto> {
    const created = await Portfolio.query(this.db)
      .insert({ name: input.name, description: input.description ?? null })
      .returning('*');
    await this.cache?.invalidate([created.id]);
    return toPortfolioDto(created);
  }

  async update({ id, ...changes }: UpdatePortfolioInput): Promise<PortfolioDto> {
    if (changes.name === undefined && changes.description === undefined) return this.byId(id);
    const json = await updatePortfolioJson(this.db, id, changes);
    if (json === undefined) throw missingPortfolio(id);
    await this.cache?.invalidate([id]);
    return lazyJson(json, 'object');
  }

  async delete(id: number): Promise<void> {
    const deleted = await Portfolio.query(this.db).deleteById(id);
    if (deleted === 0) throw missingPortfolio(id);
    await this.cache?.invalidate([id]);
  }

  /** One statement (a database function): insert, then the state it committed, in one round trip. */
  async addStock(input: AddStockInput): Promise<PortfolioDto> {
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
    await this.cache?.invalidate([input.portfolio_id]);
    return lazyJson(json, 'object');
  }

  async updateStock({ portfolio_id, stock_id, ...changes }: UpdateStockInput): Promise<PortfolioDto> {
    return this.write([portfolio_id], async (trx) => {
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
    });
  }

  async removeStock({ portfolio_id, stock_id }: RemoveStockInput): Promise<PortfolioDto> {
    return this.write([portfolio_id], async (trx) => {
      const deleted = await PortfolioStock.query(trx).delete().where({ id: stock_id, portfolio_id });
      if (deleted === 0) throw await this.missingStock(trx, portfolio_id, stock_id);
      return this.committedState(trx, portfolio_id);
    });
  }

  private async missingStock(db: Knex, portfolioId: number, stockId: number): Promise<NotFoundError> {
    const portfolio = await Portfolio.query(db).findById(portfolioId).select('id');
    return portfolio ? new NotFoundError(`Portfolio ${portfolioId} has no stock ${stockId}.`) : missingPortfolio(portfolioId);
  }
}
