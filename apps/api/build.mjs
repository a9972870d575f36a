// Bundles the server and CLI into dist/ (or the directory given as `--outdir DIR`, which must sit
// under apps/api so node_modules resolves: the tests run the bundle this way). Workspace packages
// (TypeScript sources) are inlined; everything from the registry stays an import, resolved from
// node_modules at run time.
import { build } from 'esbuild';

const outdirFlag = process.argv.indexOf('--outdir');
const outdir = outdirFlag >= 0 ? process.argv[outdirFlag + 1] : 'dist';

const keepRegistryPackagesExternal = {
  name: 'external-registry-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@folio/') ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  // The analysis worker is its own entry, beside main.js, where the bundled pool looks for it
  // (piscina loads dist/analysis-worker.js on each thread).
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'analysis-worker': 'src/analysis/analysis-worker.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepRegistryPackagesExternal],
});
