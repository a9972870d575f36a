// Rules an import file must keep that span values (single values were checked by zod).
import { WEIGHT_SUM_TOLERANCE } from '@folio/contract';
import type { ImportPortfolio } from '@folio/contract/transfer';
import { ImportFileError } from '../errors/index.js';

/** One portfolio read from a file, with where it was, for error messages. */
export interface ImportItem {
  portfolio: ImportPortfolio;
  index: number;
  line?: number;
}

/** Rules that span values: unique ids and tickers, the weight sum. Single values were checked by zod. */
export class ItemChecker {
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
