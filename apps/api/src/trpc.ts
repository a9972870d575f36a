import type { FastifyBaseLogger } from 'fastify';
import { initTRPC, TRPCError } from '@trpc/server';
import type { Scope } from './auth/api-key-format.js';
import { authorize, type RequestAuth } from './auth/authorize.js';
import { isDatabaseTimeout, isDatabaseUnavailable, isStatementTimeout } from './db-errors.js';
import { ProblemError, toProblem } from './problems.js';
import type { RequestTransaction } from './security/request-transaction.js';
import type { Services } from './services/index.js';

export interface Context {
  services: Services;
  log: FastifyBaseLogger;
  requestId: string;
  /** the request's credentials; absent means auth is off (tests, in-process callers) */
  auth?: RequestAuth;
  /** the transaction of a request with an Idempotency-Key: its writes commit with the key's record */
  write?: RequestTransaction | undefined;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // tRPC clients (the SDK, the dashboard) get the same problem document REST clients get.
    const problem = toProblem(error);
    return { ...shape, message: problem.detail, data: { ...shape.data, stack: undefined, problem } };
  },
});

/** Turns driver-level failures into honest problems, and logs what a client never sees. */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  if (error instanceof ProblemError || error.code !== 'INTERNAL_SERVER_ERROR') return result;
  if (isStatementTimeout(error.cause)) {
    ctx.log.warn({ err: error.cause, path }, 'statement cancelled at the database timeout');
    throw new ProblemError(
      503,
      type === 'mutation'
        ? 'The database did not finish in time (a lock held elsewhere, or heavy load), so this change was not applied. ' +
            'Retry shortly (with the same Idempotency-Key, if you sent one).'
        : 'The database did not finish in time (a lock held elsewhere, or heavy load); try again shortly.',
    );
  }
  if (isDatabaseUnavailable(error.cause)) {
    ctx.log.warn({ err: error.cause, path }, 'database unavailable');
    // A write whose statement reached a hung Postgres may still run when it wakes: say so.
    if (type === 'mutation' && isDatabaseTimeout(error.cause)) {
      throw new ProblemError(
        503,
        'The database did not answer in time, so this change may or may not have been applied. ' +
          'Read it back, or retry with the same Idempotency-Key.',
      );
    }
    throw new ProblemError(503, 'The database is unavailable right now; try again shortly.');
  }
  ctx.log.error({ err: error.cause ?? error, path }, 'procedure failed');
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

// Inside errorMapping, so a database outage while checking a key is a 503 like any other.
const requireScope = (scope: Scope) =>
  t.middleware(async ({ ctx, next }) => {
    const caller = await authorize(ctx.auth ?? { mode: 'off', authorization: undefined }, ctx.services.apiKeys, scope);
    return next({ ctx: { caller } });
  });

/** Procedures that only read: any valid key (or none when AUTH=off). */
export const readProcedure = publicProcedure.use(requireScope('read'));
/** With an Idempotency-Key, a write runs in the request's transaction, which the key's record shares. */
const inRequestTransaction = t.middleware(({ ctx, next }) =>
  ctx.write ? ctx.write.run(ctx.services, (services) => next({ ctx: { services } })) : next(),
);

/** Procedures that change data: a key with write scope (or none when AUTH=off). */
export const writeProcedure = publicProcedure.use(requireScope('write')).use(inRequestTransaction);
export { TRPCError };
