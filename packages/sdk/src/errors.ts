import { TRPCClientError } from '@trpc/client';
import type { Problem } from './types.js';

/**
 * The code of each status the server can answer with (its problem documents' statuses), named as tRPC
 * names them. `status` 0 is a server that could not be reached.
 */
export const ERROR_CODES = {
  0: 'NETWORK_ERROR',
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  // the caller hung up (an abandoned analysis): logged by the server, rarely seen by a client
  499: 'CLIENT_CLOSED_REQUEST',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
} as const;

/** Every `FolioError.code`; `UNKNOWN` only for a status no Folio server sends (a proxy's, say). */
export type FolioErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES] | 'UNKNOWN';

/** The code that goes with a status: what `FolioError.code` is for that `status`. */
export function codeForStatus(status: number): FolioErrorCode {
  return (ERROR_CODES as Record<number, FolioErrorCode | undefined>)[status] ?? 'UNKNOWN';
}

/**
 * Every failed call rejects with this: the status, its code and the server's RFC 9457 problem
 * (its `detail` is a sentence a person can act on; `errors` lists field paths).
 */
export class FolioError extends Error {
  override readonly name = 'FolioError';
  /** derived from `status`, so the two always agree (tRPC's own code may say BAD_REQUEST for a 422) */
  readonly code: FolioErrorCode;
  constructor(
    /** the problem's status: what the REST API answers for the same failure (422 for a broken rule); 0 = unreachable */
    readonly status: number,
    readonly problem: Problem,
    /** the status of the tRPC HTTP response (tRPC sends input-validation failures as 400); 0 if none */
    readonly httpStatus: number = status,
    options?: { cause?: unknown },
  ) {
    super(problem.detail, options);
    this.code = codeForStatus(status);
  }

  get detail(): string {
    return this.problem.detail;
  }

  get errors(): NonNullable<Problem['errors']> {
    return this.problem.errors ?? [];
  }
}

interface ErrorData {
  httpStatus?: number;
  problem?: Problem;
}

/** The deepest cause's own words: undici's "fetch failed" hides ECONNREFUSED one level down. */
function networkReason(error: unknown): string {
  let reason = '';
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    reason = typeof code === 'string' ? code : e.message || reason;
  }
  return reason || 'no answer';
}

function unreachable(error: unknown, url: string | undefined): FolioError {
  const where = url ? ` at ${url}` : '';
  const detail = `Could not reach the Folio server${where} (${networkReason(error)}). Check the URL and that the server is running.`;
  return new FolioError(0, { type: 'about:blank', title: 'Network Error', status: 0, detail }, 0, { cause: error });
}

/**
 * Turns whatever a call threw into a FolioError; a server that could not be reached has status 0 and
 * a detail naming `url` (the tRPC endpoint the call went to).
 */
export function toFolioError(error: unknown, url?: string): FolioError {
  if (error instanceof FolioError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? undefined) as ErrorData | undefined;
    // No answer at all: fetch itself failed (a TypeError: refused, DNS, reset). An answer that was not
    // tRPC's (a proxy's HTML page) also has no data, but the server was reached: say what came back.
    if (!data && (error.cause === undefined || error.cause instanceof TypeError)) return unreachable(error.cause ?? error, url);
    if (!data) {
      const detail = `The server at ${url ?? 'the given URL'} answered with something that is not a Folio API response: ${error.message}`;
      return new FolioError(0, { type: 'about:blank', title: 'Bad Response', status: 0, detail }, 0, { cause: error });
    }
    const httpStatus = data.httpStatus ?? 0;
    const status = data.problem?.status ?? httpStatus;
    const problem: Problem = data.problem ?? {
      type: 'about:blank',
      title: 'Error',
      status,
      detail: error.message || 'The request failed.',
    };
    return new FolioError(status, problem, httpStatus, { cause: error });
  }
  return unreachable(error, url);
}
