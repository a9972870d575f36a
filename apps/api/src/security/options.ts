import type { AuthMode } from '../auth/authorize.js';

export interface SecurityOptions {
  auth: AuthMode;
  /** origins allowed to call from a browser; empty = no cross-origin access */
  corsOrigins: string[];
  /** requests per window per client (API key, else IP); max 0 = no limit */
  rateLimit: { max: number; windowMs: number };
  bodyLimit: number;
  maxUrlLength: number;
  /** a request (headers and body) not received within this is answered 408 and its connection closed */
  requestTimeoutMs: number;
  /** the same for the headers alone (slowloris) */
  headersTimeoutMs: number;
  /** open connections past this are closed as they arrive (file descriptors and memory stay bounded) */
  maxConnections: number;
  /**
   * Answer only requests whose Host header names this machine (localhost, 127.x, [::1]): with AUTH=off
   * on a loopback address, a web page elsewhere could otherwise reach the API through DNS rebinding.
   */
  loopbackHostsOnly: boolean;
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
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxConnections: 1000,
  loopbackHostsOnly: false,
};
