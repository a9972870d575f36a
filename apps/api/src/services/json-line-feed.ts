// Feeds a streaming JSON parser one line at a time, so the line a value ends on is known when the
// parser emits it (import files and price files both name lines in their errors).
import { StringDecoder } from 'node:string_decoder';
import type { JSONParser } from '@streamparser/json';
import { ImportFileError } from '../errors/index.js';

export class JsonLineFeed {
  /** the line being fed (1-based) */
  line = 1;
  // A multi-byte character may straddle two chunks; the decoder holds the first half back.
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly parser: JSONParser,
    /** checks each piece of text before the parser sees it (ImportTextGuard: nesting, repeated keys) */
    private readonly guard?: { accept: (text: string, line: number) => void },
  ) {}

  write(chunk: string | Buffer): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.feed(text.slice(start, nl + 1));
      this.line++;
      start = nl + 1;
    }
    if (start < text.length) this.feed(text.slice(start));
  }

  /** The parser ends by itself once the top-level value closes; end() then only reports a cut-off file. */
  end(): void {
    try {
      if (!this.parser.isEnded) this.parser.end();
    } catch (err) {
      throw new ImportFileError('(file)', `not valid JSON: the file ends too early (${(err as Error).message})`, this.line);
    }
  }

  private feed(text: string): void {
    this.guard?.accept(text, this.line);
    try {
      this.parser.write(text);
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError('(file)', `not valid JSON: ${(err as Error).message}`, this.line);
    }
  }
}
