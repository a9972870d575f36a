import type { FastifyRequest } from 'fastify';
import { bearerToken } from './api-key-format.js';
import type { ApiKeyStore, Caller } from './api-key-store.js';

const verified = new WeakMap<FastifyRequest, Promise<Caller | undefined>>();

/**
 * The API key a request carries, verified (secret checked, not revoked) at most once per request: the
 * rate limiter, the idempotency records and the procedure all ask, and all get the same answer.
 * Undefined for no key or a key that does not verify.
 */
export function verifiedCaller(req: FastifyRequest, keys: ApiKeyStore): Promise<Caller | undefined> {
  let caller = verified.get(req);
  if (!caller) {
    const token = bearerToken(req.headers.authorization);
    caller = token ? keys.verify(token) : Promise.resolve(undefined);
    verified.set(req, caller);
  }
  return caller;
}
