import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { importModeSchema, type ImportMode, type ImportReport } from '@folio/contract/transfer';
import { readExportFile } from '../services/import-reader.js';
import type { Services } from '../services/index.js';
import { withServices } from './context.js';
import { action, CliError } from './fail.js';
import { Progress } from './progress.js';
import { inputFile } from './user-path.js';

export interface ImportFileOptions {
  mode: ImportMode;
  dryRun: boolean;
  progress?: Progress;
  /** total bytes, for the progress fraction (unknown for stdin) */
  size?: number;
}

/** Streams an export file into the database in one transaction (a bad file throws ImportFileError). */
export async function importFrom(services: Services, input: Readable, options: ImportFileOptions): Promise<ImportReport> {
  let bytes = 0;
  async function* counted() {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  let done = 0;
  const report = await services.transfer.import(readExportFile(counted()), {
    mode: options.mode,
    dryRun: options.dryRun,
    onProgress: (n) => {
      done = n;
      options.progress?.update({ done: n, fraction: options.size ? bytes / options.size : undefined });
    },
  });
  options.progress?.finish({ done });
  return report;
}

export function describeReport(r: ImportReport): string {
  const p = r.portfolios;
  const s = r.stocks;
  return [
    `${r.dry_run ? 'dry run (nothing written)' : 'imported'}, mode ${r.mode}:`,
    `  portfolios: ${p.created} created, ${p.updated} updated, ${p.unchanged} unchanged, ${p.deleted} deleted`,
    `  stocks:     ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.deleted} deleted`,
  ].join('\n');
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('load an export file in one transaction (all or nothing); "-" reads stdin')
    .argument('<file>', 'a file written by `folio export` or GET /api/export')
    .option('--dry-run', 'report what would change, write nothing', false)
    .option('--mode <mode>', 'merge (match portfolios by id, holdings by ticker) or replace (delete everything else first)', 'merge')
    .option('--json', 'print the report as JSON', false)
    .action(
      action(async (given: string, opts: { dryRun: boolean; mode: string; json: boolean }) => {
        const mode = importModeSchema.safeParse(opts.mode);
        if (!mode.success) throw new CliError(`--mode must be merge or replace, not "${opts.mode}"`);
        const { size, open } = await inputFile(given);
        await withServices(async ({ services }) => {
          const report = await importFrom(services, open(), {
            mode: mode.data,
            dryRun: opts.dryRun,
            progress: new Progress('portfolios'),
            ...(size !== undefined ? { size } : {}),
          });
          process.stdout.write(`${opts.json ? JSON.stringify(report) : describeReport(report)}\n`);
        }, { cache: !opts.dryRun });
      }),
    );
}
