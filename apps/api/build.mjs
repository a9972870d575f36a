// Bundles the server and CLI into dist/. Workspace packages (TypeScript sources) are inlined;
// everything from the registry stays an import, resolved from node_modules at run time.
import { build } from 'esbuild';

const keepRegistryPackagesExternal = {
  name: 'external-registry-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@folio/') ? undefined : { path: args.path, external: true },
    );
  },
};

await build({
  // The analysis worker is its own entry: piscina loads dist/analysis-worker.js on each thread.
  // beside main.js, where the bundled pool looks for it.
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'analysis-worker': 'src/analysis/analysis-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepRegistryPackagesExternal],
});
