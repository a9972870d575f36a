// Shape 4, JSON `{ "prices": [{ ticker, date, close, adj_close? }] }`: from a body tRPC or Fastify has
// already parsed and zod has checked, or streamed from a file (the CLI), one row at a time.
import { JSONParser } from '@streamparser/json';
import { priceInputSchema, type PriceInput } from '@folio/contract/prices';
import { ImportFileError } from '../errors/index.js';
import { ImportTextGuard, zodFileError } from '../services/import-reader.js';
import { JsonLineFeed } from '../services/json-line-feed.js';
import { isoDay, type PriceBatch, type PriceRecord } from './price-cells.js';

const BATCH = 10_000;

function recordOf(price: PriceInput, index: number): PriceRecord {
  return {
    ticker: price.ticker,
    date: price.date,
    day: isoDay(price.date)!, // the schema checked the date
    close: price.close,
    adj_close: price.adj_close ?? null,
    at: index,
  };
}

/** Rows a request body already validated, as batches; `at` is the index in `prices`. */
export async function* batchesOf(prices: readonly PriceInput[]): AsyncGenerator<PriceBatch> {
  for (let start = 0; start < prices.length; start += BATCH) {
    yield { rows: prices.slice(start, start + BATCH).map((p, i) => recordOf(p, start + i)), skipped: 0 };
  }
}

/** A JSON price file as it arrives (`chunks`: UTF-8 Buffers or strings); errors name line and path. */
export async function* readPriceJson(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<PriceBatch> {
  const parser = new JSONParser({ paths: ['$.prices', '$.prices.*'], keepStack: false });
  let index = 0;
  let sawPrices = false;
  let rows: PriceRecord[] = [];
  const feed = new JsonLineFeed(parser, new ImportTextGuard());
  parser.onValue = ({ value, key, stack }) => {
    const line = feed.line;
    if (stack.length === 1 && key === 'prices') {
      if (!Array.isArray(value)) throw new ImportFileError('prices', 'must be an array of prices', line);
      sawPrices = true;
    } else if (stack.length === 2) {
      const parsed = priceInputSchema.safeParse(value);
      if (!parsed.success) throw zodFileError(`prices[${index}]`, parsed.error, line);
      rows.push(recordOf(parsed.data, index++));
    }
  };
  for await (const chunk of chunks) {
    feed.write(chunk);
    if (rows.length >= BATCH) {
      yield { rows, skipped: 0 };
      rows = [];
    }
  }
  feed.end();
  if (!sawPrices) throw new ImportFileError('prices', 'Required: the file must be { "prices": [...] }', feed.line);
  if (rows.length > 0) yield { rows, skipped: 0 };
}
