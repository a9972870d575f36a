// The one place any error becomes a problem document: domain errors, zod, Postgres, Fastify and tRPC.
// Used by the tRPC error middleware and formatter, the app-wide Fastify handlers and the CLI.
import { REQUIRED_MESSAGE, type FieldError, type Problem } from '@folio/contract';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { isDatabaseTimeout, isDatabaseUnavailable, isStatementTimeout } from './database.js';
import { AnalyticsInputError } from '@folio/analytics';
import {
  AnalysisCancelledError,
  AnalysisTimeoutError,
  BusyError,
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from './domain.js';
import { problem, ProblemError } from './problem.js';

export const HIDDEN_DETAIL = 'The server could not complete the request. It has been logged.';

export interface ProblemOptions {
  /** the failed call was meant to change data: a timed-out write may still have been applied */
  mutation?: boolean;
}

function statusOfDomainError(error: DomainError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof BusyError || error instanceof AnalysisTimeoutError) return 503;
  if (error instanceof AnalysisCancelledError) return 499;
  return 422;
}

/**
 * Zod issues about the shape of the input (wrong type, not an object) are malformed requests: 400.
 * Issues about well-formed values breaking a rule (too long, out of range, bad ticker) are 422.
 */
function statusForZodError(error: z.ZodError): 400 | 422 {
  const malformed = error.issues.some((issue) => issue.code === 'invalid_type' && issue.message !== REQUIRED_MESSAGE);
  return malformed ? 400 : 422;
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

function describe(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return 'The request is invalid.';
  const where = first.path ? `${first.path}: ` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}.`;
}

/** Fastify's own client errors (bad JSON, body too large, unsupported type) carry a 4xx statusCode. */
function fastifyClientStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** The problem any error stands for; details of 5xx errors are never revealed. */
export function toProblem(error: unknown, options: ProblemOptions = {}): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof DomainError) return problem(statusOfDomainError(error), error.detail, error.errors);
  if (error instanceof AnalyticsInputError) {
    return problem(422, error.message, error.path === undefined ? undefined : [{ path: error.path, message: error.message }]);
  }
  if (error instanceof z.ZodError) {
    const errors = fieldErrors(error);
    return problem(statusForZodError(error), describe(errors), errors);
  }
  if (error instanceof TRPCError) {
    // tRPC wraps what a procedure throws in an INTERNAL_SERVER_ERROR whose cause is the real error;
    // input it rejects carries the ZodError, and errors we mapped carry their problem.
    const { cause } = error;
    if (cause instanceof z.ZodError || cause instanceof ProblemError || cause instanceof DomainError || cause instanceof AnalyticsInputError) {
      return toProblem(cause, options);
    }
    if (error.code === 'INTERNAL_SERVER_ERROR' && cause) return toProblem(cause, options);
    const status = getHTTPStatusCodeFromError(error);
    return status >= 500 ? problem(status, HIDDEN_DETAIL) : problem(status, error.message);
  }
  if (isStatementTimeout(error)) {
    // Postgres cancelled the statement at DB_QUERY_TIMEOUT_MS and rolled its transaction back.
    return problem(
      503,
      options.mutation
        ? 'The database did not finish in time (a lock held elsewhere, or heavy load), so this change was not applied. ' +
            'Retry shortly (with the same Idempotency-Key, if you sent one).'
        : 'The database did not finish in time (a lock held elsewhere, or heavy load); try again shortly.',
    );
  }
  if (isDatabaseUnavailable(error)) {
    // A write whose statement reached a hung Postgres may still run when it wakes: say so.
    if (options.mutation && isDatabaseTimeout(error)) {
      return problem(
        503,
        'The database did not answer in time, so this change may or may not have been applied. ' +
          'Read it back, or retry with the same Idempotency-Key.',
      );
    }
    return problem(503, 'The database is unavailable right now; try again shortly.');
  }
  const clientStatus = fastifyClientStatus(error);
  if (clientStatus !== undefined) {
    const { code, message } = error as { code?: string; message: string };
    if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return problem(clientStatus, `The request body is not valid JSON: ${message}`);
    }
    return problem(clientStatus, message.endsWith('.') ? message : `${message}.`);
  }
  return problem(500, HIDDEN_DETAIL);
}

/** Seconds a client should wait before retrying (Retry-After), when the error says; through tRPC's wrapping. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof BusyError) return error.retryAfterSeconds;
  if (error instanceof ProblemError) return error.retryAfterSeconds;
  if (error instanceof TRPCError) return retryAfterOf(error.cause);
  return undefined;
}
