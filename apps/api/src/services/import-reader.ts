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

/** A valid file nests five levels (file, portfolios, portfolio, stocks, stock); unknown fields get room. */
export const MAX_NESTING = 64;

/**
 * What a JSON parser cannot be trusted with, checked on the text as it streams past, for the CLI's
 * streaming reader and HTTP's JSON.parse alike (one rule, one answer): nesting deeper than MAX_NESTING
 * (the streaming parser's time grows with the square of such a value's depth: 800 KB of brackets kept
 * a CPU busy for minutes) and a top-level key given twice (JSON.parse keeps the last `portfolios`
 * array, a stream has already read the first: both readers refuse it instead).
 */
export class ImportTextGuard {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private expectKey = false;
  private key: string | undefined;
  private readonly keys = new Set<string>();

  /** Throws ImportFileError at the first offence; `line` is where the text starts, for the message. */
  accept(text: string, line?: number): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true; // backslash
        else if (c === 0x22) {
          this.inString = false;
          if (this.key !== undefined) this.topLevelKey(this.key, line);
          continue;
        }
        if (this.key !== undefined) this.key += text[i];
      } else if (c === 0x22) {
        this.inString = true;
        this.key = this.depth === 1 && this.expectKey ? '' : undefined;
        this.expectKey = false;
      } else if (c === 0x5b || c === 0x7b) {
        if (++this.depth > MAX_NESTING) {
          throw new ImportFileError('(file)', `values are nested more than ${MAX_NESTING} levels deep`, line);
        }
        this.expectKey = this.depth === 1 && c === 0x7b;
      } else if (c === 0x5d || c === 0x7d) this.depth--;
      else if (c === 0x2c && this.depth === 1) this.expectKey = true; // comma
    }
  }

  private topLevelKey(raw: string, line?: number): void {
    this.key = undefined;
    let name = raw;
    try {
      name = JSON.parse(`"${raw}"`) as string; // "portfolio\u0073" is "portfolios"
    } catch {
      // not valid JSON text: the parser will say so
    }
    if (this.keys.has(name)) throw new ImportFileError(name, 'appears twice in the file', line);
    this.keys.add(name);
  }
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
  const feed = new JsonLineFeed(parser, new ImportTextGuard());
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
