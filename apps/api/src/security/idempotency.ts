// Idempotency-Key on POST (IETF draft-ietf-httpapi-idempotency-key-header): a retry with the same key
// and the same request gets the first response instead of a second write.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/index.js';
import type { IdempotencyStore, StoredResponse } from './idempotency-store.js';
import { isFetchResponse, materialize } from './sent-response.js';

/** 1–255 visible ASCII characters; exported for the OpenAPI document's header parameter. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** The methods whose requests honour Idempotency-Key. */
export const IDEMPOTENT_METHODS: readonly string[] = ['POST'];
/** What a retry that arrives while the first request is still running is told to wait, in seconds. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;
const REPLAYED_HEADERS = ['content-type', 'location', 'link'];
/** Answers about the caller's credentials or throttling, not the request: a retry must be judged afresh. */
const NOT_REPLAYED = new Set([401, 403, 429]);
const SWEEP_EVERY_MS = 60 * 60 * 1000;

interface Claimed {
  scope: string;
  key: string;
}
const claims = new WeakMap<FastifyRequest, Claimed>();

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body);
  } catch {
    // JSON nested deeper than the stack allows: no operation takes such a body.
    throw new ProblemError(400, 'The request body is nested too deeply.');
  }
}

export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!IDEMPOTENT_METHODS.includes(req.method)) return;
    const header = req.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw new ProblemError(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.');
    }
    // Keys are per caller: a hash of the credentials, so one client's key never replays another's answer.
    const scope = sha256(req.headers.authorization ?? '');
    const fingerprint = sha256(`${req.method} ${req.url}\n${bodyText(req.body)}`);
    const claim = await store.claim(scope, header, fingerprint);
    switch (claim.kind) {
      case 'claimed':
        claims.set(req, { scope, key: header });
        return;
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
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claimed = claims.get(req);
    if (!claimed) return payload;
    claims.delete(req);
    if (isFetchResponse(payload)) payload = await materialize(reply, payload);
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    try {
      if (status >= 500 || NOT_REPLAYED.has(status) || body === undefined) {
        await store.release(claimed.scope, claimed.key);
      } else {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await store.complete(claimed.scope, claimed.key, { status, headers, body });
      }
    } catch (err) {
      // The write (if any) is done; only its record failed. The key stays "in progress" until it
      // expires, so a retry gets 409 rather than writing twice.
      req.log.warn({ err }, 'could not record the idempotent response');
    }
    return payload;
  });

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
