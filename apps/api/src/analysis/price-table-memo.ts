// The last few price tables analyses read, kept in this process: an analyst who changes an option
// (a risk-free rate, a target, a confidence) asks for the same prices again, and reading 20 tickers
// × 28 years from Postgres was most of an optimisation's time (docs/performance.md).
//
// Never stale: the key holds the per-ticker price versions read for this very request (see
// readPricesVersion), which every price write changes, so a table read before a write is never found
// by a request made after it.
import type { PriceTable } from '../prices/price-table.js';

/** Tables kept (the least recently used goes first)... */
const MAX_TABLES = 4;
/** ...and none larger than this many prices (50 tickers × 10,000 days, ~4 MB as numbers). */
const MAX_CELLS = 500_000;

export class PriceTableMemo {
  private readonly tables = new Map<string, PriceTable>();

  /** `versions` from readPricesVersion (it names the tickers, in order); `from`/`to` the window. */
  async get(versions: string, from: string | undefined, to: string | undefined, read: () => Promise<PriceTable>): Promise<PriceTable> {
    const key = `${versions}|${from ?? ''}|${to ?? ''}`;
    const known = this.tables.get(key);
    if (known) {
      this.tables.delete(key); // to the end: most recently used
      this.tables.set(key, known);
      return known;
    }
    const table = await read();
    if (table.dates.length * table.tickers.length <= MAX_CELLS) {
      this.tables.set(key, table);
      for (const oldest of this.tables.keys()) {
        if (this.tables.size <= MAX_TABLES) break;
        this.tables.delete(oldest);
      }
    }
    return table;
  }
}
