// One cell at a time: the checks every shape shares, with the wording of the error a user sees
// (`line 3, column AAPL: "abc" is not a price`).
import { tickerSchema } from '@folio/contract';
import { ImportFileError } from '../errors/index.js';

/** One price as read from an upload; `at` says where it came from (a line, or an index in JSON). */
export interface PriceRecord {
  ticker: string;
  /** ISO `YYYY-MM-DD` */
  date: string;
  /** days since 1970-01-01 */
  day: number;
  close: number;
  adj_close: number | null;
  at: number;
}

/** Prices of one stretch of the upload, and how many rows it skipped (Yahoo's `null` rows). */
export interface PriceBatch {
  rows: PriceRecord[];
  skipped: number;
}

/** Plain decimals (optionally with an exponent): no hex, no `Infinity`, no thousands separators. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The price in `text`, or an error naming where it was. */
export function parsePrice(text: string, line: number, column: string): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!(value > 0) || !Number.isFinite(value)) {
    const why = DECIMAL.test(text) ? 'is not a price (prices are positive and finite)' : 'is not a price';
    throw new ImportFileError(`column ${column}`, `${JSON.stringify(text)} ${why}`, line);
  }
  return value;
}

const MS_PER_DAY = 86_400_000;

/**
 * Remembers what it has checked: an upload repeats the same few thousand dates and tickers millions
 * of times. Bounded, so a file of endless distinct values cannot grow it without limit.
 */
class CheckedValues<T> {
  private readonly seen = new Map<string, T>();
  constructor(
    private readonly check: (key: string) => T,
    private readonly limit = 100_000,
  ) {}
  get(key: string): T {
    let value = this.seen.get(key);
    if (value === undefined) {
      value = this.check(key);
      if (this.seen.size < this.limit) this.seen.set(key, value);
    }
    return value;
  }
}

function checkedTicker(text: string): string | null {
  const parsed = tickerSchema.safeParse(text);
  return parsed.success ? parsed.data : null;
}

/** Day number of a real calendar date written `YYYY-MM-DD` (years 0001–9999), else undefined. */
export function isoDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as given
  if (year < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(date.getTime() / MS_PER_DAY);
}

export class CellReader {
  private readonly days = new CheckedValues((text) => isoDay(text) ?? null);
  private readonly tickers = new CheckedValues(checkedTicker);

  /** Day number of an ISO date cell. */
  day(text: string, line: number, column: string): number {
    const day = this.days.get(text);
    if (day === null) throw new ImportFileError(`column ${column}`, `${JSON.stringify(text)} is not a date (YYYY-MM-DD)`, line);
    return day;
  }

  /** A ticker cell, trimmed and upper-cased as the holdings' rule does. */
  ticker(text: string, line: number, column: string): string {
    const ticker = this.tickers.get(text);
    if (ticker === null) {
      throw new ImportFileError(
        `column ${column}`,
        `${JSON.stringify(text)} is not a ticker (1–20 of A-Z, 0-9 and . - ^ = /)`,
        line,
      );
    }
    return ticker;
  }
}
