// Who is using an embedded cluster. A running server and a CLI command share one data directory, so they
// share its Postgres: each process registers a file in `<dataDir>/users/` while it uses the cluster, and
// whoever leaves last stops Postgres. A postmaster with no live registered user was left by a crashed
// run. Start/stop decisions are made under `<dataDir>/cluster.lock` so two processes never both start
// (or one stops while the other starts) the same cluster.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const LOCK_WAIT_MS = 60_000;
const LOCK_POLL_MS = 50;

/** `pid:starttime`: the start time tells a live process from a later one that reused its pid. */
function processIdentity(pid: number): string | undefined {
  try {
    // /proc/<pid>/stat: field 22 (starttime) counts from the end of the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return `${pid}:${stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? ''}`;
  } catch {
    return isAlive(pid) ? `${pid}:` : undefined; // no /proc (macOS): the pid alone
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A registration names its process as `<pid>:<starttime>`; live if that process still runs. */
function isLiveRegistration(content: string): boolean {
  const pid = Number.parseInt(content, 10);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = processIdentity(pid);
  return now !== undefined && (content.endsWith(':') || now.endsWith(':') || now === content.trim());
}

export class ClusterUsers {
  private readonly usersDir: string;
  private readonly lockFile: string;

  constructor(dataDir: string) {
    this.usersDir = path.join(dataDir, 'users');
    this.lockFile = path.join(dataDir, 'cluster.lock');
  }

  /** Runs `task` holding the data directory's lock; a lock left by a dead process is taken over. */
  async withLock<T>(task: () => Promise<T>): Promise<T> {
    const me = processIdentity(process.pid) ?? `${process.pid}:`;
    for (let waited = 0; ; waited += LOCK_POLL_MS) {
      try {
        const handle = await open(this.lockFile, 'wx', 0o600);
        await handle.writeFile(me);
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = await readFile(this.lockFile, 'utf8').catch(() => '');
        if (holder && !isLiveRegistration(holder)) {
          await rm(this.lockFile, { force: true });
          continue;
        }
        if (waited >= LOCK_WAIT_MS) {
          throw new Error(`another process (${holder || 'unknown'}) has held ${this.lockFile} for ${LOCK_WAIT_MS / 1000} s; if no Folio process is running, delete that file.`);
        }
        // Waiting on another process's start-up or shutdown of the cluster: there is no event to wait on.
        await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      }
    }
    try {
      return await task();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  /** Registers this process as a user; returns the registration's file. Call under the lock. */
  async register(): Promise<string> {
    await mkdir(this.usersDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.usersDir, `${process.pid}-${randomBytes(4).toString('hex')}`);
    const handle = await open(file, 'wx', 0o600);
    await handle.writeFile(processIdentity(process.pid) ?? `${process.pid}:`);
    await handle.close();
    return file;
  }

  /** Live registrations other than `mine`; registrations of dead processes are removed. */
  async others(mine?: string): Promise<string[]> {
    const names = await readdir(this.usersDir).catch(() => [] as string[]);
    const live: string[] = [];
    for (const name of names) {
      const file = path.join(this.usersDir, name);
      if (file === mine) continue;
      const content = await readFile(file, 'utf8').catch(() => '');
      if (isLiveRegistration(content)) live.push(file);
      else await rm(file, { force: true });
    }
    return live;
  }

  async unregister(file: string): Promise<void> {
    await rm(file, { force: true });
  }

  /** For an `exit` listener (no async work possible): drop `mine`, and say whether anyone else remains. */
  unregisterSync(mine: string): { othersRemain: boolean } {
    rmSync(mine, { force: true });
    let names: string[] = [];
    try {
      names = readdirSync(this.usersDir);
    } catch {
      return { othersRemain: false };
    }
    const othersRemain = names.some((name) => {
      try {
        return isLiveRegistration(readFileSync(path.join(this.usersDir, name), 'utf8'));
      } catch {
        return false;
      }
    });
    return { othersRemain };
  }
}
