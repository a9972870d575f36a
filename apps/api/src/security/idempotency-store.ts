import type { Knex } from '@folio/db';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' }
  | { kind: 'replay'; response: StoredResponse };

/** How long a first response is kept for retries. */
export const IDEMPOTENCY_TTL_HOURS = 24;

interface Row {
  scope: string;
  key: string;
  fingerprint: string;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/** Idempotency records in Postgres, so every API instance sees the same ones and they survive restarts. */
export class IdempotencyStore {
  constructor(private readonly db: Knex) {}

  /**
   * Claims (scope, key) for a new request in one statement, so two concurrent first attempts cannot
   * both run; an expired record is taken over as if absent.
   */
  async claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
    const claimed = await this.db.raw<{ rows: unknown[] }>(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, expires_at)
       VALUES (?, ?, ?, now() + interval '${IDEMPOTENCY_TTL_HOURS} hours')
       ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, expires_at = EXCLUDED.expires_at, created_at = now(),
             response_status = NULL, response_headers = NULL, response_body = NULL
         WHERE idempotency_keys.expires_at < now()
       RETURNING 1`,
      [scope, key, fingerprint],
    );
    if (claimed.rows.length > 0) return { kind: 'claimed' };
    const row = await this.db<Row>('idempotency_keys').where({ scope, key }).first();
    // Expired and swept between the two statements: rare enough to ask the client to retry.
    if (!row) return { kind: 'in-progress' };
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    if (row.response_status === null) return { kind: 'in-progress' };
    return {
      kind: 'replay',
      response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body ?? '' },
    };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.db('idempotency_keys').where({ scope, key }).update({
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
    });
  }

  /** Gives the key back when the request did not produce an answer worth replaying (5xx, 401, 429). */
  async release(scope: string, key: string): Promise<void> {
    await this.db('idempotency_keys').where({ scope, key }).whereNull('response_status').delete();
  }

  async sweepExpired(): Promise<number> {
    return this.db('idempotency_keys').where('expires_at', '<', this.db.fn.now()).delete();
  }
}
