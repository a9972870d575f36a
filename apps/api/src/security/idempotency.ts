// Idempotency-Key on POST (IETF draft-ietf-httpapi-idempotency-key-header): a retry with the same key
// and the same request gets the first response instead of a second write. The key's record, the
// request's writes and its answer share one transaction (request-transaction.ts).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/api-key-format.js';
import type { AuthMode } from '../auth/authorize.js';
import { verifiedCaller } from '../auth/request-caller.js';
import { isDatabaseUnavailable, isStatementTimeout, problem, ProblemError } from '../errors/index.js';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Services } from '../services/index.js';
import type { StoredResponse } from './idempotency-store.js';
import type { RequestTransaction } from './request-transaction.js';
import { isFetchResponse, materialize } from './sent-response.js';

/** 1–255 visible ASCII characters; exported for the OpenAPI document's header parameter. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** What a retry that arrives while the first request is still running is told to wait, in seconds. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;
const REPLAYED_HEADERS = ['content-type', 'location', 'link'];
/** Answers about the caller's credentials or throttling, not the request: a retry must be judged afresh. */
const NOT_REPLAYED = new Set([401, 403, 429]);
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** POSTs that only read (analyses): nothing to replay, so no record. */
const READ_ONLY_POSTS = /^\/api\/analysis\//;

/** Whether a request honours Idempotency-Key: POSTs that write. The OpenAPI document asks the same. */
export const honoursIdempotencyKey = (method: string, url: string) => method.toUpperCase() === 'POST' && !READ_ONLY_POSTS.test(url);

interface Claimed {
  scope: string;
  key: string;
  write: RequestTransaction;
}
const claims = new WeakMap<FastifyRequest, Claimed>();

/** The transaction a keyed request's procedures write in (undefined without a key). */
export const requestTransactionOf = (req: FastifyRequest): RequestTransaction | undefined => claims.get(req)?.write;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** JSON with object keys sorted, so the same request with its keys in another order is the same request. */
function canonicalBody(body: unknown): string {
  if (body === undefined || body === null) return '';
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body;
    }
  }
  try {
    return JSON.stringify(value, (_key, v: unknown) =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v,
    );
  } catch {
    // JSON nested deeper than the stack allows: no operation takes such a body.
    throw new ProblemError(400, 'The request body is nested too deeply.');
  }
}

/**
 * Whose key this is: the verified API key (its prefix), never the header's spelling. Undefined when
 * the request's key does not verify: it will be refused, and nothing of it is recorded or replayed.
 */
async function scopeOf(req: FastifyRequest, auth: AuthMode, services: Services): Promise<string | undefined> {
  if (auth === 'off') return sha256(`open:${bearerToken(req.headers.authorization) ?? ''}`);
  const caller = await verifiedCaller(req, services.apiKeys);
  return caller?.prefix ? sha256(`key:${caller.prefix}`) : undefined;
}

const unavailable = (err: unknown) =>
  isDatabaseUnavailable(err) || isStatementTimeout(err)
    ? new ProblemError(503, 'The database is unavailable right now; nothing was applied. Retry shortly with the same Idempotency-Key.')
    : err;

/** A tRPC batch answer with a call that failed on the server's side (5xx). */
function failedBatchItem(body: string): unknown {
  if (!body.startsWith('[')) return undefined;
  try {
    const items = JSON.parse(body) as { error?: { data?: { httpStatus?: number } } }[];
    return items.find((item) => (item.error?.data?.httpStatus ?? 0) >= 500)?.error;
  } catch {
    return undefined;
  }
}

export function registerIdempotency(app: FastifyInstance, auth: AuthMode, services: Services): void {
  const store = services.idempotency;

  // Each hook has a synchronous fast path: most requests carry no key, and a promise per hook per
  // request is measurable on the write path (docs/performance.md).
  app.addHook('preHandler', (req, reply, done) => {
    if (req.headers['idempotency-key'] === undefined || !honoursIdempotencyKey(req.method, req.url)) return done();
    keyed(req, reply).then(() => {
      if (!reply.sent) done();
    }, done);
  });

  const keyed = async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw new ProblemError(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    }
    const fingerprint = sha256(`${req.method} ${req.url}\n${canonicalBody(req.body)}`);
    let write: RequestTransaction | undefined;
    try {
      const scope = await scopeOf(req, auth, services);
      if (scope === undefined) return;
      write = await services.requestTransactions.begin();
      const claim = await store.claim(write.trx, scope, header, fingerprint);
      if (claim.kind === 'claimed') {
        claims.set(req, { scope, key: header, write });
        return;
      }
      await write.rollback();
      switch (claim.kind) {
        case 'in-progress':
          reply.header('retry-after', String(IN_PROGRESS_RETRY_AFTER_SECONDS));
          throw new ProblemError(409, `A request with Idempotency-Key "${header}" is still being processed; retry shortly.`);
        case 'mismatch':
          throw new ProblemError(
            422,
            `Idempotency-Key "${header}" was already used for a different request; use a new key for a new request.`,
          );
        case 'replay':
          return replay(reply, claim.response);
      }
    } catch (err) {
      await write?.rollback();
      throw unavailable(write ? write.cause(err) : err);
    }
  };

  app.addHook('onSend', (req, reply, payload, done) => {
    if (!claims.has(req)) return done(null, payload);
    settle(req, reply, payload).then((sent) => done(null, sent), done);
  });

  const settle = async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const claimed = claims.get(req);
    if (!claimed) return payload;
    claims.delete(req);
    const { write } = claimed;
    if (isFetchResponse(payload)) payload = await materialize(reply, payload);
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    if (status >= 500 || NOT_REPLAYED.has(status) || body === undefined) {
      // Nothing of the request is kept: a retry runs it afresh.
      await write.rollback();
      return payload;
    }
    const failed = failedBatchItem(body);
    if (failed !== undefined) {
      // A batch is one request: with one of its calls failed on our side, none of them is kept, and
      // every call answers that failure (the calls that had succeeded are rolled back with it).
      await write.rollback();
      reply.code(503);
      return JSON.stringify({ error: failed });
    }
    try {
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await store.complete(write.trx, claimed.scope, claimed.key, { status, headers, body });
      await write.commit();
    } catch (err) {
      // The commit's answer was lost: the writes and their record committed together or not at all,
      // so the retry the answer asks for either replays this answer or runs afresh.
      req.log.warn({ err }, 'could not commit an idempotent request');
      await write.rollback();
      const detail =
        'The database did not confirm this change, so it may or may not have been applied. ' +
        'Retry with the same Idempotency-Key: you get its answer if it was applied, or it is applied once.';
      reply.code(503);
      if (req.routeOptions.url?.startsWith('/trpc')) {
        return JSON.stringify({ error: { message: detail, code: TRPC_ERROR_CODES_BY_KEY.SERVICE_UNAVAILABLE, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, problem: problem(503, detail) } } });
      }
      reply.type('application/problem+json');
      return JSON.stringify(problem(503, detail));
    }
    return payload;
  };

  // A request that ends without an answer being sent (the client went away, a timeout) must not leave
  // its transaction, and the connection under it, open.
  const abandon = (req: FastifyRequest, _reply: unknown, done: () => void) => {
    const claimed = claims.get(req);
    if (!claimed) return done();
    claims.delete(req);
    claimed.write.rollback().then(() => done(), () => done());
  };
  app.addHook('onResponse', abandon);
  app.addHook('onRequestAbort', (req, done) => abandon(req, undefined, done));

  const sweep = setInterval(() => {
    store.sweepExpired().catch((err: unknown) => app.log.debug({ err }, 'idempotency sweep failed'));
  }, SWEEP_EVERY_MS);
  sweep.unref();
  app.addHook('onClose', async () => clearInterval(sweep));
}

function replay(reply: FastifyReply, response: StoredResponse) {
  reply.code(response.status).headers(response.headers).header('idempotent-replayed', 'true');
  return reply.send(response.body);
}
