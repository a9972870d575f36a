// Who is calling, and may they do this? Used by the tRPC procedures, which REST calls too, so both
// APIs answer 401/403 the same way.
import { ForbiddenError, UnauthenticatedError } from '../errors/index.js';
import { bearerToken, type Scope } from './api-key-format.js';
import type { ApiKeyStore, Caller } from './api-key-store.js';

export type AuthMode = 'required' | 'off';

/** What a request brings for authentication; resolved lazily so open routes never touch the database. */
export interface RequestAuth {
  mode: AuthMode;
  authorization: string | undefined;
  /** the request's key, verified once per request (auth/request-caller.ts); else verified here */
  verify?: () => Promise<Caller | undefined>;
}

/** The caller when auth is off: anyone on a loopback address (or an operator's explicit choice). */
export const ANONYMOUS: Caller = { name: 'anonymous', scope: 'write' };

export async function authorize(auth: RequestAuth, keys: ApiKeyStore, needed: Scope): Promise<Caller> {
  if (auth.mode === 'off') return ANONYMOUS;
  const token = bearerToken(auth.authorization);
  if (!token) {
    throw new UnauthenticatedError('This API needs a key: send it as "Authorization: Bearer <key>".');
  }
  const caller = await (auth.verify ? auth.verify() : keys.verify(token));
  if (!caller) throw new UnauthenticatedError('The API key is not valid, or it has been revoked.');
  if (needed === 'write' && caller.scope !== 'write') {
    throw new ForbiddenError(`The API key "${caller.name}" may only read; changes need a key with write scope.`);
  }
  return caller;
}
