// Finding pg_dump / pg_restore / psql that can talk to the server. pg_dump refuses a server of a newer
// major version ("aborting because of server version mismatch"), and the embedded server is 18 while
// distributions often ship older clients: check first and say what to install, rather than relay a
// tool's exit code.
import { execFile, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Knex } from '@folio/db';
import { CliError } from './fail.js';

const run = promisify(execFile);

export type PgToolName = 'pg_dump' | 'pg_restore' | 'psql';

export interface PgTool {
  name: PgToolName;
  path: string;
  major: number;
  version: string;
}

/** Candidates in preference order: PG_BIN_DIR alone when set; else Debian's versioned dirs and PATH. */
async function candidates(name: PgToolName, env: NodeJS.ProcessEnv): Promise<string[]> {
  if (env.PG_BIN_DIR) return [path.join(env.PG_BIN_DIR, name)];
  const versioned = await readdir('/usr/lib/postgresql').then(
    (dirs) => dirs.filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)),
    () => [] as string[],
  );
  return [...versioned.map((v) => path.join('/usr/lib/postgresql', v, 'bin', name)), name];
}

async function probe(name: PgToolName, file: string): Promise<PgTool | undefined> {
  try {
    const { stdout } = await run(file, ['--version'], { timeout: 10_000 });
    const version = /\(PostgreSQL\)\s+([\d.]+)/.exec(stdout)?.[1];
    if (!version) return undefined;
    return { name, path: file, version, major: Number(version.split('.')[0]) };
  } catch {
    return undefined;
  }
}

/** The newest installed copy of a tool, or a CliError saying how to get one. */
export async function findPgTool(name: PgToolName, env: NodeJS.ProcessEnv = process.env): Promise<PgTool> {
  const found = (await Promise.all((await candidates(name, env)).map((file) => probe(name, file)))).filter(
    (t): t is PgTool => t !== undefined,
  );
  const best = found.sort((a, b) => b.major - a.major)[0];
  if (!best) {
    const where = env.PG_BIN_DIR ? `in PG_BIN_DIR (${env.PG_BIN_DIR})` : 'on PATH or under /usr/lib/postgresql';
    throw new CliError(
      `${name} was not found ${where}. Install the PostgreSQL client tools (Debian/Ubuntu: apt install postgresql-client) or set PG_BIN_DIR to their directory.`,
    );
  }
  return best;
}

export async function serverMajor(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { v: string }[] }>("SELECT current_setting('server_version_num') AS v");
  return Math.floor(Number(rows[0]?.v ?? 0) / 10_000);
}

/** pg_dump only dumps servers of its own major version or older. */
export function assertCanDump(tool: PgTool, server: number): void {
  if (tool.major < server) {
    throw new CliError(
      `${tool.path} is version ${tool.version}, but the database server is PostgreSQL ${server}; ${tool.name} must be version ${server} or newer. ` +
        `Install the PostgreSQL ${server} client tools (Debian/Ubuntu: apt install postgresql-client-${server}) or set PG_BIN_DIR to their directory.`,
    );
  }
}

/** Runs a tool; `stdin` may be another tool's output. Rejects with the tool's own stderr. */
export function runTool(tool: PgTool, args: string[], stdin?: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    if (stdin && child.stdin) {
      child.stdin.on('error', () => {}); // the child exiting early is reported by its exit code
      stdin.pipe(child.stdin);
    }
    child.on('error', (err) => reject(new CliError(`${tool.name} could not be started: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new CliError(`${tool.name} failed (exit ${code}): ${stderr.trim() || 'no message'}`));
    });
  });
}

/** Starts a tool whose stdout feeds something else; `done` settles when it exits. */
export function startTool(tool: PgTool, args: string[]): { stdout: Readable; done: Promise<void> } {
  const child = spawn(tool.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new CliError(`${tool.name} could not be started: ${err.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new CliError(`${tool.name} failed (exit ${code}): ${stderr.trim() || 'no message'}`)),
    );
  });
  return { stdout: child.stdout, done };
}
