// Reads an export file as a stream: one portfolio at a time leaves the parser, is validated and handed
// on, so memory holds a batch, not the file. Errors name the line the value ends on and its path.
import { exportHeaderSchema, importPortfolioSchema, type ImportPortfolio } from '@folio/contract/transfer';
import { JSONParser } from '@streamparser/json';
import { JsonLineFeed } from './json-line-feed.js';
import type { z } from 'zod';
import { ImportFileError } from '../errors/index.js';
import type { ImportItem } from './import-checks.js';

/** `portfolios[3].stocks[1].weight` from a zod path under `prefix`. */
export function jsonPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(file)';
}

export function zodFileError(prefix: string, error: z.ZodError, line?: number): ImportFileError {
  const issue = error.issues[0]!;
  return new ImportFileError(jsonPath(prefix, issue.path), issue.message, line);
}

/** Portfolios a request body already validated, as import items. */
export function* itemsOf(portfolios: readonly ImportPortfolio[]): Generator<ImportItem> {
  for (const [index, portfolio] of portfolios.entries()) yield { portfolio, index };
}

/** `chunks` is the file as it arrives: Buffers (UTF-8) or strings. */
export async function* readExportFile(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<ImportItem> {
  const parser = new JSONParser({
    paths: ['$.format', '$.version', '$.exported_at', '$.portfolios', '$.portfolios.*'],
    keepStack: false,
  });
  const header: Record<string, unknown> = {};
  let sawPortfolios = false;
  let index = 0;
  const ready: ImportItem[] = [];
  const feed = new JsonLineFeed(parser);
  parser.onValue = ({ value, key, stack }) => {
    const line = feed.line;
    if (stack.length === 1 && key === 'portfolios') {
      if (!Array.isArray(value)) throw new ImportFileError('portfolios', 'must be an array of portfolios', line);
      sawPortfolios = true;
    } else if (stack.length === 1 && typeof key === 'string') {
      header[key] = value;
    } else if (stack.length === 2) {
      const at = `portfolios[${index}]`;
      const parsed = importPortfolioSchema.safeParse(value);
      if (!parsed.success) throw zodFileError(at, parsed.error, line);
      ready.push({ portfolio: parsed.data, index: index++, line });
    }
  };
  for await (const chunk of chunks) {
    feed.write(chunk);
    yield* ready.splice(0);
  }
  feed.end();
  yield* ready.splice(0);
  const parsedHeader = exportHeaderSchema.safeParse(header);
  if (!parsedHeader.success) throw zodFileError('', parsedHeader.error, feed.line);
  if (!sawPortfolios) throw new ImportFileError('portfolios', 'Required', feed.line);
}
