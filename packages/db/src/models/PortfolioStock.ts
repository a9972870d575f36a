import { Model, type RelationMappings } from 'objection';
import { Portfolio } from './Portfolio.js';

export class PortfolioStock extends Model {
  static override tableName = 'portfolio_stocks';

  id!: number;
  portfolio_id!: number;
  ticker!: string;
  weight!: number | null;
  shares!: number | null;
  added_at!: Date;
  portfolio?: Portfolio;

  static override relationMappings = (): RelationMappings => ({
    portfolio: {
      relation: Model.BelongsToOneRelation,
      modelClass: Portfolio,
      join: { from: 'portfolio_stocks.portfolio_id', to: 'portfolios.id' },
    },
  });
}
