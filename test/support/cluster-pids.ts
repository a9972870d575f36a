// The processes of a Postgres cluster, for tests and measurements that freeze it (SIGSTOP) to play a
// hung server.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every process of a cluster: the postmaster (first line of its pid file) and its children. */
export async function clusterPids(pgDir: string): Promise<number[]> {
  const postmaster = Number.parseInt((await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).trim().split('\n').map(Number);
  return [postmaster, ...children];
}
