import { Model, type RelationMappings } from 'objection';
import { PortfolioStock } from './PortfolioStock.js';

export class Portfolio extends Model {
  static override tableName = 'portfolios';

  id!: number;
  name!: string;
  description!: string | null;
  created_at!: Date;
  updated_at!: Date;
  stocks?: PortfolioStock[];

  static override relationMappings = (): RelationMappings => ({
    stocks: {
      relation: Model.HasManyRelation,
      modelClass: PortfolioStock,
      join: { from: 'portfolios.id', to: 'portfolio_stocks.portfolio_id' },
      // The wire contract lists a portfolio's stocks by id.
      modify: (query) => query.orderBy('portfolio_stocks.id'),
    },
  });
}
