// Shape 4, JSON `{ "prices": [{ ticker, date, close, adj_close? }] }`: from a body tRPC or Fastify has
// already parsed and zod has checked, or streamed from a file (the CLI), one row at a time.
import { StringDecoder } from 'node:string_decoder';
import { JSONParser } from '@streamparser/json';
import { priceInputSchema, type PriceInput } from '@folio/contract/prices';
import { ImportFileError } from '../errors/index.js';
import { zodFileError } from '../services/import-reader.js';
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
  let line = 1;
  let index = 0;
  let sawPrices = false;
  let rows: PriceRecord[] = [];
  parser.onValue = ({ value, key, stack }) => {
    if (stack.length === 1 && key === 'prices') {
      if (!Array.isArray(value)) throw new ImportFileError('prices', 'must be an array of prices', line);
      sawPrices = true;
    } else if (stack.length === 2) {
      const parsed = priceInputSchema.safeParse(value);
      if (!parsed.success) throw zodFileError(`prices[${index}]`, parsed.error, line);
      rows.push(recordOf(parsed.data, index++));
    }
  };
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError('(file)', `not valid JSON: ${(err as Error).message}`, line);
    }
  };
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    // Fed line by line so a value's line is known when the parser emits it.
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      feed(text.slice(start, nl + 1));
      line++;
      start = nl + 1;
    }
    if (start < text.length) feed(text.slice(start));
    if (rows.length >= BATCH) {
      yield { rows, skipped: 0 };
      rows = [];
    }
  }
  try {
    if (!parser.isEnded) parser.end();
  } catch (err) {
    throw new ImportFileError('(file)', `not valid JSON: the file ends too early (${(err as Error).message})`, line);
  }
  if (!sawPrices) throw new ImportFileError('prices', 'Required: the file must be { "prices": [...] }', line);
  if (rows.length > 0) yield { rows, skipped: 0 };
}
