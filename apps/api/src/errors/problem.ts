// RFC 9457 problem documents: the one error vocabulary of both APIs and the CLI.
import type { FieldError, Problem } from '@folio/contract';

/** Every status a problem document may carry; the SDK has a code for each (its error-codes test). */
export const PROBLEM_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  return {
    type: status === 500 ? 'about:blank' : `https://folio.dev/problems/${status}`,
    title: PROBLEM_TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
}

/** Thrown by the HTTP layer (limits, idempotency, request shape), where the status is the point. */
export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(
    status: number,
    detail: string,
    errors?: FieldError[],
    /** sent as Retry-After (a 503 of a full queue) */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.problem = problem(status, detail, errors);
  }
}
