// What the global setup hands every test file through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** a Postgres URL tests may use to create and drop their own databases */
    adminUrl: string;
    /** Redis for cache tests, or '' when REDIS_URL is not set */
    redisUrl: string;
    /** the API's esbuild bundle built once for the run: `main.js` (server) and `cli.js` (folio) */
    apiBundleDir: string;
  }
}

export {};
