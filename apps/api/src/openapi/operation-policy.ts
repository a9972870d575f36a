// What auth, rate limiting and idempotency add to each operation of the OpenAPI document, taken from
// where the server enforces them: the procedure table's `access`, the auth mode and rate limit of the
// running configuration, and the idempotency hook's methods and key pattern.
import type { ProcedureSpec } from '@folio/contract/procedures';
import {
  honoursIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
  IN_PROGRESS_RETRY_AFTER_SECONDS,
} from '../security/idempotency.js';
import type { SecurityOptions } from '../security/options.js';
import { isRateLimitExempt } from '../security/rate-limit.js';

type Json = Record<string, unknown>;

export type PolicyOptions = Pick<SecurityOptions, 'auth' | 'rateLimit'>;

export const BEARER_SCHEME = 'bearerAuth';

export const securitySchemes = {
  [BEARER_SCHEME]: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'folio_<prefix>_<secret>',
    description: 'An API key from `pnpm folio keys create --scope read|write`; a `read` key may only call GET operations.',
  },
};

const retryAfter = (description: string) => ({ description, schema: { type: 'integer', minimum: 0 } });

/** Extra responses a status may need beyond components/responses (headers that only apply here). */
const problemWith = (description: string, headers: Json) => ({
  description,
  headers,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: a repeat of the same request with the same key (per API key) gets the first answer ' +
    '(marked `Idempotent-Replayed: true`) instead of a second write. A different request with a used key is a 422.',
  schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 255 },
  example: '6f1c2a0e-3b9d-4e4f-9a51-2d7c8e0b1a77',
};

/** The security, parameters and responses that `spec`'s access and this configuration add to an operation. */
export function operationPolicy(method: string, path: string, spec: Pick<ProcedureSpec, 'access'>, options: PolicyOptions) {
  const keyed = options.auth === 'required' && spec.access !== 'public';
  const limited = options.rateLimit.max > 0 && !isRateLimitExempt(path);
  const idempotent = honoursIdempotencyKey(method, path);
  const responses: Json = {};
  if (keyed) {
    responses['401'] = { $ref: '#/components/responses/Problem401' };
    if (spec.access === 'write') responses['403'] = { $ref: '#/components/responses/Problem403' };
  }
  if (limited) {
    const seconds = Math.round(options.rateLimit.windowMs / 1000);
    responses['429'] = problemWith(`More than ${options.rateLimit.max} requests in ${seconds} s from this API key (or address)`, {
      'Retry-After': retryAfter('Seconds until the window resets'),
    });
  }
  if (idempotent) {
    responses['409'] = problemWith('Conflicts with the current state, or a request with this Idempotency-Key is still running', {
      'Retry-After': retryAfter(`Present when the same Idempotency-Key is still in progress (${IN_PROGRESS_RETRY_AFTER_SECONDS} s)`),
    });
  }
  return {
    ...(keyed ? { security: [{ [BEARER_SCHEME]: [] }] } : { security: [] }),
    parameters: idempotent ? [idempotencyKeyParameter] : [],
    responses,
  };
}
