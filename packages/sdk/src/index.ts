// @folio/sdk: the typed client for Folio. `createClient({ url })` gives the tRPC client of the
// server's router; every failed call rejects with a FolioError.
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import { toFolioError } from './errors.js';
import type { FolioRouter } from './router.js';

export { codeForStatus, ERROR_CODES, FolioError, toFolioError, type FolioErrorCode } from './errors.js';
export { allPortfolios, type AllPortfoliosOptions } from './pagination.js';
export { effectiveWeights, type EffectiveWeights, type WeightedHolding } from './effective-weights.js';
export { API_VERSION, SUPPORTED_SERVER_API } from './version.js';
export type * from './types.js';
export type { FolioRouter } from './router.js';
export { uploadPricesCsv, type UploadPricesOptions } from './upload-prices.js';

type HeaderMap = Record<string, string>;

export interface ClientOptions {
  /** the server's base URL, e.g. `https://folio.example.com`; the SDK appends `/trpc` */
  url: string;
  /** sent as `Authorization: Bearer <token>`; undefined or empty sends none (so `process.env.FOLIO_TOKEN` fits) */
  token?: string | undefined;
  /** a fetch implementation (defaults to the global one) */
  fetch?: typeof globalThis.fetch | undefined;
  /** extra headers for every request, or a function returning them (called per request) */
  headers?: HeaderMap | (() => HeaderMap | Promise<HeaderMap>) | undefined;
}

export type FolioClient = TRPCClient<FolioRouter>;

export function createClient(options: ClientOptions): FolioClient {
  const base = options.url.replace(/\/+$/, '');
  const endpoint = `${base}/trpc`;
  const client = createTRPCClient<FolioRouter>({
    links: [
      httpBatchLink({
        url: endpoint,
        // Long batched GETs are split rather than rejected by proxies with URL limits.
        maxURLLength: 2000,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        headers: async () => {
          const extra = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
          return options.token ? { ...extra, authorization: `Bearer ${options.token}` } : extra;
        },
      }),
    ],
  });
  return withFolioErrors(client, endpoint);
}

type Call = (...args: unknown[]) => Promise<unknown>;
const CALLS = new Set(['query', 'mutate']);

/** Wraps the client's proxy so `query`/`mutate` reject with FolioError instead of TRPCClientError. */
function withFolioErrors<T extends object>(node: T, endpoint: string): T {
  return new Proxy(node, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof key !== 'string') return value;
      if (CALLS.has(key) && typeof value === 'function') {
        return (...args: unknown[]) =>
          (value as Call)(...args).catch((error: unknown) => {
            throw toFolioError(error, endpoint);
          });
      }
      return (typeof value === 'function' || (typeof value === 'object' && value !== null)) ? withFolioErrors(value, endpoint) : value;
    },
  });
}
