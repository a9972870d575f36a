import { TRPCClientError } from '@trpc/client';
import type { Problem } from './types.js';

/**
 * Every failed call rejects with this: the status, the tRPC code and the server's RFC 9457 problem
 * (its `detail` is a sentence a person can act on; `errors` lists field paths).
 */
export class FolioError extends Error {
  override readonly name = 'FolioError';
  constructor(
    /** the problem's status: what the REST API answers for the same failure (422 for a broken rule) */
    readonly status: number,
    /** the tRPC error code, e.g. NOT_FOUND, BAD_REQUEST */
    readonly code: string,
    readonly problem: Problem,
    /** the status of the tRPC HTTP response (tRPC sends input-validation failures as 400); 0 if none */
    readonly httpStatus: number = status,
    options?: { cause?: unknown },
  ) {
    super(problem.detail, options);
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
  code?: string;
  problem?: Problem;
}

/** Turns whatever a call threw into a FolioError; a network failure has status 0. */
export function toFolioError(error: unknown): FolioError {
  if (error instanceof FolioError) return error;
  if (error instanceof TRPCClientError) {
    const data = (error.data ?? undefined) as ErrorData | undefined;
    const httpStatus = data?.httpStatus ?? 0;
    const status = data?.problem?.status ?? httpStatus;
    const problem: Problem = data?.problem ?? {
      type: 'about:blank',
      title: status === 0 ? 'Network Error' : 'Error',
      status,
      detail: error.message || 'The request failed.',
    };
    return new FolioError(status, data?.code ?? (status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN'), problem, httpStatus, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  const problem = { type: 'about:blank', title: 'Network Error', status: 0, detail: message };
  return new FolioError(0, 'NETWORK_ERROR', problem, 0, { cause: error });
}
