// `folio prices import FILE [--ticker T]`: streams a price file (CSV in any of its shapes, or JSON)
// into the database in one transaction, with the progress display `folio import` uses.
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { tickerSchema } from '@folio/contract';
import type { PriceImportReport } from '@folio/contract/prices';
import type { Knex } from '@folio/db';
import { PriceService } from '../prices/price-service.js';
import { withDatabase } from './context.js';
import { action, CliError } from './fail.js';
import { Progress } from './progress.js';
import { inputFile } from './user-path.js';

export interface PriceFileOptions {
  ticker?: string | undefined;
  progress?: Progress;
  /** total bytes, for the progress fraction (unknown for stdin) */
  size?: number;
}

/** JSON when the first character that is not white space is `{`; CSV otherwise. */
async function* sniffed(input: Readable, found: (format: 'csv' | 'json') => void): AsyncGenerator<Buffer> {
  let decided = false;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (!decided) {
      const text = chunk.toString('utf8').replace(/^\uFEFF/, '').trimStart();
      if (text === '') continue;
      found(text.startsWith('{') ? 'json' : 'csv');
      decided = true;
    }
    yield chunk;
  }
}

export async function importPricesFrom(db: Knex, input: Readable, options: PriceFileOptions = {}): Promise<PriceImportReport> {
  let bytes = 0;
  let format: 'csv' | 'json' = 'csv';
  const chunks = sniffed(input, (f) => (format = f));
  // The first chunk decides the format, so it is read before the reader is chosen.
  const first = await chunks.next();
  async function* all(): AsyncGenerator<Buffer> {
    if (!first.done) {
      bytes += first.value.length;
      yield first.value;
    }
    for await (const chunk of chunks) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  let done = 0;
  // A bad file throws ImportFileError, which `action` prints as one line ("…. Nothing was imported.").
  const report = await new PriceService(db).upsertStream(all(), {
    format,
    ticker: options.ticker,
    onProgress: (rows) => {
      done = rows;
      options.progress?.update({ done: rows, fraction: options.size ? bytes / options.size : undefined });
    },
  });
  options.progress?.finish({ done });
  return report;
}

const fmt = new Intl.NumberFormat('en-US');

export function describePriceReport(r: PriceImportReport): string {
  const span = r.first_date ? `, ${r.first_date} to ${r.last_date}` : '';
  return [
    `prices: ${fmt.format(r.inserted)} inserted, ${fmt.format(r.updated)} updated, ${fmt.format(r.unchanged)} unchanged, ${fmt.format(r.skipped)} skipped`,
    `tickers: ${r.tickers.length}${span}`,
  ].join('\n');
}

export function registerPriceCommands(program: Command): void {
  const prices = program.command('prices').description('price history');
  prices
    .command('import')
    .description('load a price file in one transaction (all or nothing); "-" reads stdin')
    .argument('<file>', 'CSV (wide date,AAPL,…; long ticker,date,close[,adj_close]; a Yahoo/Stooq download with --ticker) or JSON {"prices":[…]}')
    .option('--ticker <ticker>', 'the ticker of a single-ticker (Yahoo Finance / Stooq) download')
    .option('--json', 'print the report as JSON', false)
    .action(
      action(async (given: string, opts: { ticker?: string; json: boolean }) => {
        let ticker: string | undefined;
        if (opts.ticker !== undefined) {
          const parsed = tickerSchema.safeParse(opts.ticker);
          if (!parsed.success) throw new CliError(`--ticker: ${parsed.error.issues[0]?.message ?? 'not a ticker'}`);
          ticker = parsed.data;
        }
        const { size, open } = await inputFile(given);
        await withDatabase(async (db) => {
          const report = await importPricesFrom(db, open(), {
            ticker,
            progress: new Progress('prices'),
            ...(size !== undefined ? { size } : {}),
          });
          process.stdout.write(`${opts.json ? JSON.stringify(report) : describePriceReport(report)}\n`);
        });
      }),
    );
}
