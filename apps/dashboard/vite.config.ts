import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// `pnpm dev`: Vite serves the app and passes API calls to the API started beside it (`tsx watch`).
const api = process.env.FOLIO_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react()],
  // Workspace packages resolve to their TypeScript sources (see tsconfig.base.json's customConditions).
  resolve: { conditions: ['@folio/source', ...defaultClientConditions] },
  server: {
    proxy: Object.fromEntries(['/trpc', '/api', '/health', '/openapi.json', '/docs'].map((p) => [p, api])),
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
