import { TRPCClientError } from '@trpc/client';
import type { Problem } from './types.js';

/**
 * Every failed call rejects with this: the HTTP status, the tRPC code and the server's RFC 9457
 * problem (its `detail` is a sentence a person can act on; `errors` lists field paths).
 */
export class FolioError extends Error {
  override readonly name = 'FolioError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly problem: Problem,
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
    const status = data?.httpStatus ?? data?.problem?.status ?? 0;
    const problem: Problem = data?.problem ?? {
      type: 'about:blank',
      title: status === 0 ? 'Network Error' : 'Error',
      status,
      detail: error.message || 'The request failed.',
    };
    return new FolioError(status, data?.code ?? (status === 0 ? 'NETWORK_ERROR' : 'UNKNOWN'), problem, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FolioError(0, 'NETWORK_ERROR', { type: 'about:blank', title: 'Network Error', status: 0, detail: message }, { cause: error });
}
