// portfolio.valuation: each holding's last close on or before a date, valued (valuation.ts).
import type { Valuation, ValuationInput } from '@folio/contract/prices';
import type { Knex } from '@folio/db';
import { NotFoundError } from '../errors/index.js';
import { valueHoldings, type HoldingPrice } from './valuation.js';

export class ValuationService {
  constructor(private readonly db: Knex) {}

  async value({ id, date }: ValuationInput): Promise<Valuation> {
    // One index probe per holding: the (ticker, date) key, read backwards from the date. The extra last
    // row says whether the portfolio exists, read in the same statement (so the same snapshot).
    const { rows } = await this.db.raw<{ rows: (HoldingPrice & { found: boolean })[] }>(
      `SELECT s.id AS stock_id, s.ticker, s.weight, s.shares, p.close AS price,
              to_char(p.date, 'YYYY-MM-DD') AS price_date, true AS found
         FROM portfolio_stocks s
         LEFT JOIN LATERAL (
           SELECT close, date FROM prices
            WHERE ticker = s.ticker AND date <= coalesce(?::date, 'infinity')
            ORDER BY date DESC LIMIT 1
         ) p ON true
        WHERE s.portfolio_id = ?
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, NULL, NULL, false FROM portfolios WHERE id = ?
        ORDER BY stock_id`,
      [date ?? null, id, id],
    );
    if (!rows.some((r) => !r.found)) throw new NotFoundError(`Portfolio ${id} does not exist.`);
    return { portfolio_id: id, date: date ?? null, ...valueHoldings(rows.filter((r) => r.found)) };
  }
}
