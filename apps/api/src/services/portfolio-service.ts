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
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from '../db-errors.js';
import { notFound, ProblemError } from '../problems.js';

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

const missingPortfolio = (id: number) => notFound(`Portfolio ${id} does not exist.`);

function weightSumProblem(portfolioId: number) {
  return new ProblemError(422, `The explicit weights of portfolio ${portfolioId} would sum to more than 1.`, [
    { path: 'weight', message: 'Explicit weights of a portfolio must sum to at most 1' },
  ]);
}

/** Portfolio reads and writes; every write is one transaction and returns the state it committed. */
export class PortfolioService {
  constructor(private readonly db: Knex) {}

  async list(input: ListPortfoliosInput = {}): Promise<PortfolioDto[]> {
    const query = Portfolio.query(this.db).withGraphFetched('stocks').orderBy('id');
    if (input.cursor !== undefined) query.where('id', '>', input.cursor);
    if (input.limit !== undefined) query.limit(input.limit);
    return (await query).map(toPortfolioDto);
  }

  async byId(id: number, db: Knex = this.db): Promise<PortfolioDto> {
    const found = await Portfolio.query(db).findById(id).withGraphFetched('stocks');
    if (!found) throw missingPortfolio(id);
    return toPortfolioDto(found);
  }

  async create(input: CreatePortfolioInput): Promise<PortfolioDto> {
    const created = await Portfolio.query(this.db)
      .insert({ name: input.name, description: input.description ?? null })
      .returning('*');
    return toPortfolioDto(created);
  }

  async update({ id, ...changes }: UpdatePortfolioInput): Promise<PortfolioDto> {
    return this.db.transaction(async (trx) => {
      if (changes.name !== undefined || changes.description !== undefined) {
        const updated = await Portfolio.query(trx).patch(changes).where('id', id);
        if (updated === 0) throw missingPortfolio(id);
      }
      return this.byId(id, trx);
    });
  }

  async delete(id: number): Promise<void> {
    const deleted = await Portfolio.query(this.db).deleteById(id);
    if (deleted === 0) throw missingPortfolio(id);
  }

  async addStock(input: AddStockInput): Promise<PortfolioDto> {
    return this.db.transaction(async (trx) => {
      try {
        await PortfolioStock.query(trx).insert({
          portfolio_id: input.portfolio_id,
          ticker: input.ticker,
          weight: input.weight ?? null,
          shares: input.shares ?? null,
        });
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ProblemError(409, `Portfolio ${input.portfolio_id} already holds ${input.ticker}.`, [
            { path: 'ticker', message: `${input.ticker} is already in this portfolio` },
          ]);
        }
        if (isForeignKeyViolation(err)) throw missingPortfolio(input.portfolio_id);
        if (isCheckViolation(err, WEIGHT_SUM)) throw weightSumProblem(input.portfolio_id);
        throw err;
      }
      return this.byId(input.portfolio_id, trx);
    });
  }

  async updateStock({ portfolio_id, stock_id, ...changes }: UpdateStockInput): Promise<PortfolioDto> {
    return this.db.transaction(async (trx) => {
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
      return this.byId(portfolio_id, trx);
    });
  }

  async removeStock({ portfolio_id, stock_id }: RemoveStockInput): Promise<PortfolioDto> {
    return this.db.transaction(async (trx) => {
      const deleted = await PortfolioStock.query(trx).delete().where({ id: stock_id, portfolio_id });
      if (deleted === 0) throw await this.missingStock(trx, portfolio_id, stock_id);
      return this.byId(portfolio_id, trx);
    });
  }

  private async missingStock(db: Knex, portfolioId: number, stockId: number): Promise<ProblemError> {
    const portfolio = await Portfolio.query(db).findById(portfolioId).select('id');
    return portfolio ? notFound(`Portfolio ${portfolioId} has no stock ${stockId}.`) : missingPortfolio(portfolioId);
  }
}
