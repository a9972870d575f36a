// One error vocabulary for both APIs: RFC 9457 problem details, carried by TRPCError.
import { REQUIRED_MESSAGE, type FieldError, type Problem } from '@folio/contract';
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';

const titles: Record<number, string> = {
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
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const codeForStatus: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  return {
    type: status === 500 ? 'about:blank' : `https://folio.dev/problems/${status}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
}

/** Thrown by services; a TRPCError subclass so tRPC passes it through untouched. */
export class ProblemError extends TRPCError {
  readonly problem: Problem;
  constructor(status: number, detail: string, errors?: FieldError[]) {
    super({ code: codeForStatus[status] ?? 'INTERNAL_SERVER_ERROR', message: detail });
    this.problem = problem(status, detail, errors);
  }
}

export const notFound = (detail: string) => new ProblemError(404, detail);

/**
 * Zod issues about the shape of the input (wrong type, not an object) are malformed requests: 400.
 * Issues about well-formed values breaking a rule (too long, out of range, bad ticker) are 422.
 */
function statusForZodError(error: z.ZodError): 400 | 422 {
  const malformed = error.issues.some((issue) => issue.code === 'invalid_type' && issue.message !== REQUIRED_MESSAGE);
  return malformed ? 400 : 422;
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function describe(errors: FieldError[]): string {
  const first = errors[0];
  if (!first) return 'The request is invalid.';
  const where = first.path ? `${first.path}: ` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}.`;
}

/** The problem any error of a procedure stands for; 5xx details are never revealed. */
export function toProblem(error: TRPCError): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error.cause instanceof z.ZodError) {
    const errors = fieldErrors(error.cause);
    return problem(statusForZodError(error.cause), describe(errors), errors);
  }
  const status = getHTTPStatusCodeFromError(error);
  if (status >= 500) return problem(status, 'The server could not complete the request. It has been logged.');
  return problem(status, error.message);
}
