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
  entryPoints: ['src/main.ts', 'src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepRegistryPackagesExternal],
});
