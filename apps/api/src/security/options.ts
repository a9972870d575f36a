import type { AuthMode } from '../auth/authorize.js';

export interface SecurityOptions {
  auth: AuthMode;
  /** origins allowed to call from a browser; empty = no cross-origin access */
  corsOrigins: string[];
  /** requests per window per client (API key, else IP); max 0 = no limit */
  rateLimit: { max: number; windowMs: number };
  bodyLimit: number;
  maxUrlLength: number;
  /** when set, rate-limit counters live in Redis so all instances share them */
  redisUrl?: string | undefined;
}

/** What an app built without options gets (tests, in-process use): open, unthrottled, still hardened. */
export const defaultSecurityOptions: SecurityOptions = {
  auth: 'off',
  corsOrigins: [],
  rateLimit: { max: 0, windowMs: 60_000 },
  bodyLimit: 1024 * 1024,
  maxUrlLength: 8192,
};
