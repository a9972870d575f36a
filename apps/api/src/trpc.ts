import type { FastifyBaseLogger } from 'fastify';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { problemErrorFormatter } from '@folio/contract/router';
import type { Scope } from './auth/api-key-format.js';
import { authorize, type RequestAuth } from './auth/authorize.js';
import { ProblemError, retryAfterOf, toProblem } from './errors/index.js';
import type { RequestTransaction } from './security/request-transaction.js';
import type { Services } from './services/index.js';

export interface Context {
  services: Services;
  log: FastifyBaseLogger;
  /** the request's credentials; absent means auth is off (tests, in-process callers) */
  auth?: RequestAuth;
  /** the transaction of a request with an Idempotency-Key: its writes commit with the key's record */
  write?: RequestTransaction | undefined;
  /**
   * A signal that aborts when the client goes away before its answer is sent (stops analyses). A
   * function, made on first call: tRPC spreads the context at every middleware, which would run a
   * getter (and build a signal and a listener) for every request.
   */
  clientGone?: () => AbortSignal | undefined;
}

// tRPC clients (the SDK, the dashboard) get the same problem document REST clients get.
const t = initTRPC.context<Context>().create({ errorFormatter: problemErrorFormatter(toProblem) });

export type RootTypes = (typeof t)['_config']['$types'];

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
  499: 'CLIENT_CLOSED_REQUEST',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * What a procedure threw (a domain error, a driver failure) reaches tRPC as an INTERNAL_SERVER_ERROR;
 * this gives it the code of its problem, so tRPC's HTTP status and REST's agree, and logs what a
 * client never sees.
 */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok || result.error.code !== 'INTERNAL_SERVER_ERROR') return result;
  const mapped = procedureProblem(result.error.cause ?? result.error, { mutation: type === 'mutation', log: ctx.log, path });
  throw new TRPCError({ code: codeForStatus[mapped.problem.status] ?? 'INTERNAL_SERVER_ERROR', message: mapped.message, cause: mapped });
});

/**
 * What a procedure threw, as the problem its caller gets (a timed-out mutation "may have been
 * applied"), logged when it is the server's fault. Shared by tRPC (above) and REST's direct calls.
 */
export function procedureProblem(cause: unknown, options: { mutation: boolean; log: FastifyBaseLogger; path: string }): ProblemError {
  const problem = toProblem(cause, { mutation: options.mutation });
  if (problem.status === 503) options.log.warn({ err: cause, path: options.path }, problem.detail);
  else if (problem.status >= 500) options.log.error({ err: cause, path: options.path }, 'procedure failed');
  return new ProblemError(problem.status, problem.detail, problem.errors, retryAfterOf(cause));
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

/** Throws unless the context's credentials grant `scope` (for the few REST routes that are not procedures). */
export async function requireAccess(ctx: Context, scope: Scope): Promise<void> {
  await authorize(ctx.auth ?? { mode: 'off', authorization: undefined }, ctx.services.apiKeys, scope);
}

// Inside errorMapping, so a database outage while checking a key is a 503 like any other.
const requireScope = (scope: Scope) =>
  t.middleware(async ({ ctx, next }) => {
    await requireAccess(ctx, scope);
    return next();
  });

/** Procedures that only read: any valid key (or none when AUTH=off). */
export const readProcedure = publicProcedure.use(requireScope('read'));
/** With an Idempotency-Key, a write runs in the request's transaction, which the key's record shares. */
const inRequestTransaction = t.middleware(({ ctx, next }) =>
  ctx.write ? ctx.write.run(ctx.services, (services) => next({ ctx: { services } })) : next(),
);

/** Procedures that change data: a key with write scope (or none when AUTH=off). */
export const writeProcedure = publicProcedure.use(requireScope('write')).use(inRequestTransaction);
