import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Knex } from '@folio/db';
import { createServices } from '../services/index.js';
import { withDatabase } from './context.js';
import { action } from './fail.js';
import { Progress } from './progress.js';
import { userPath } from './user-path.js';

/** Streams the export to `out`, honouring backpressure; returns the number of portfolios written. */
export async function exportTo(db: Knex, out: Writable, progress?: Progress): Promise<number> {
  let count = 0;
  for await (const piece of createServices({ db }).transfer.exportText({
    onProgress: (done, total) => {
      count = done;
      progress?.update({ done, fraction: total ? done / total : undefined });
    },
  })) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  progress?.finish({ done: count });
  return count;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write all portfolios with their stocks as JSON (the REST list shape under a format header)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(
      action(async (opts: { out?: string }) =>
        withDatabase(async (db) => {
          const file = opts.out ? userPath(opts.out) : undefined;
          const out = file ? createWriteStream(file) : process.stdout;
          const count = await exportTo(db, out, new Progress('portfolios'));
          if (file) {
            out.end();
            await finished(out);
            process.stderr.write(`exported ${count} portfolios to ${file}\n`);
          }
        }),
      ),
    );
}
