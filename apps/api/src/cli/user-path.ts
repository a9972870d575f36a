import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CliError } from './fail.js';

/**
 * A path the operator typed, resolved against the directory they typed it in: `pnpm folio …` runs the
 * CLI inside apps/api, and pnpm leaves the caller's directory in INIT_CWD.
 */
export function userPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

/**
 * The input file an operator named ("-" = stdin): its size when known (for the progress fraction) and
 * a way to open it once the database is ready. A file that is not there is a CliError now.
 */
export async function inputFile(given: string): Promise<{ size?: number; open: () => Readable }> {
  if (given === '-') return { open: () => process.stdin };
  const file = userPath(given);
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new CliError(`cannot read ${file}: no such file`);
    },
  );
  return { size, open: () => createReadStream(file) };
}
