// Builds the publishable SDK: one ESM bundle (runtime deps stay external) plus .d.ts files that must
// not mention anything an outside app cannot install (the workspace packages, zod, server modules).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'src/index.ts')],
  outfile: path.join(dist, 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: Object.keys(pkg.dependencies ?? {}),
  logLevel: 'warning',
});
const tsc = path.join(path.dirname(fileURLToPath(import.meta.resolve('typescript'))), '..', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });

// The router's .d.ts must be structural: a leaked import would only fail later, in someone's app.
const allowed = new Set(['@trpc/server', '@trpc/client']);
for (const file of readdirSync(dist).filter((f) => f.endsWith('.d.ts'))) {
  const text = readFileSync(path.join(dist, file), 'utf8');
  for (const [, spec] of text.matchAll(/(?:from\s+|import\()\s*["']([^"']+)["']/g)) {
    const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    if (!spec.startsWith('.') && !allowed.has(name)) {
      throw new Error(`dist/${file} imports ${spec}, which an app outside this workspace cannot resolve`);
    }
  }
}
