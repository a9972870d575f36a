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

/**
 * Idempotency records in Postgres, so every API instance sees the same ones and they survive restarts.
 * A record is written inside the request's own transaction (security/request-transaction.ts), together
 * with the request's writes and its answer: a record exists only for a request that completed.
 */
export class IdempotencyStore {
  constructor(private readonly db: Knex) {}

  /**
   * Claims (scope, key) for a new request inside `trx`. The transaction-scoped advisory lock makes a
   * concurrent duplicate answer at once ("in progress") instead of waiting on the first one's row; it
   * is released with the transaction, however that ends. An expired record is taken over as if absent.
   */
  async claim(trx: Knex.Transaction, scope: string, key: string, fingerprint: string): Promise<Claim> {
    const { rows: locked } = await trx.raw<{ rows: { locked: boolean }[] }>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0)) AS locked',
      [`idempotency:${scope}:${key}`],
    );
    if (!locked[0]?.locked) return { kind: 'in-progress' };
    const claimed = await trx.raw<{ rows: unknown[] }>(
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
    const row = await trx<Row>('idempotency_keys').where({ scope, key }).first();
    if (!row) return { kind: 'in-progress' }; // swept between the two statements: rare, retry
    if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
    // Only records written before answers were kept in the same transaction can lack one.
    if (row.response_status === null) return { kind: 'in-progress' };
    return {
      kind: 'replay',
      response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body ?? '' },
    };
  }

  /** Keeps the answer with the claim, in the same transaction as the request's writes. */
  async complete(trx: Knex.Transaction, scope: string, key: string, response: StoredResponse): Promise<void> {
    await trx('idempotency_keys').where({ scope, key }).update({
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
    });
  }

  async sweepExpired(): Promise<number> {
    return this.db('idempotency_keys').where('expires_at', '<', this.db.fn.now()).delete();
  }
}
