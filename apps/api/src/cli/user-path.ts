import path from 'node:path';

/**
 * A path the operator typed, resolved against the directory they typed it in: `pnpm folio …` runs the
 * CLI inside apps/api, and pnpm leaves the caller's directory in INIT_CWD.
 */
export function userPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}
