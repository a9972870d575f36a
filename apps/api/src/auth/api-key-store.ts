import type { Knex } from '@folio/db';
import { generateKey, hashSecret, parseKey, sameHash, type Scope } from './api-key-format.js';

export interface ApiKeyInfo {
  name: string;
  prefix: string;
  scope: Scope;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface Caller {
  name: string;
  scope: Scope;
  /** the key's public prefix (absent for the anonymous caller of AUTH=off) */
  prefix?: string;
}

interface ApiKeyRow extends ApiKeyInfo {
  id: number;
  secret_hash: string;
}

/** A digest of nothing, compared against when no row matches, so a miss costs what a hit costs. */
const DECOY_HASH = hashSecret('');
/** last_used_at is approximate: at most one write per key per minute, not one per request. */
const TOUCH_INTERVAL = "interval '1 minute'";

export class ApiKeyStore {
  constructor(private readonly db: Knex) {}

  /** Creates a key and returns it; the key itself is never stored and cannot be shown again. */
  async create(name: string, scope: Scope): Promise<{ key: string; info: ApiKeyInfo }> {
    const { key, prefix, secretHash } = generateKey();
    const [row] = await this.db<ApiKeyRow>('api_keys')
      .insert({ name, prefix, secret_hash: secretHash, scope })
      .returning(['name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at']);
    return { key, info: row as ApiKeyInfo };
  }

  async list(): Promise<ApiKeyInfo[]> {
    return this.db<ApiKeyRow>('api_keys')
      .select('name', 'prefix', 'scope', 'created_at', 'last_used_at', 'revoked_at')
      .orderBy('id');
  }

  /** Revokes the active key of that name; false when there is none. */
  async revoke(name: string): Promise<boolean> {
    const updated = await this.db('api_keys').where({ name }).whereNull('revoked_at').update({ revoked_at: this.db.fn.now() });
    return updated > 0;
  }

  /** The caller a key belongs to, or undefined for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Caller | undefined> {
    const parsed = parseKey(key);
    const given = hashSecret(parsed?.secret ?? '');
    const row = parsed
      ? await this.db<ApiKeyRow>('api_keys').where({ prefix: parsed.prefix }).whereNull('revoked_at').first()
      : undefined;
    const matches = sameHash(given, row?.secret_hash ?? DECOY_HASH);
    if (!row || !parsed || !matches) return undefined;
    this.db('api_keys')
      .where({ id: row.id })
      .where((q) => q.whereNull('last_used_at').orWhereRaw(`last_used_at < now() - ${TOUCH_INTERVAL}`))
      .update({ last_used_at: this.db.fn.now() })
      .catch(() => {}); // bookkeeping only: a failure here must not fail the caller's request
    return { name: row.name, scope: row.scope, prefix: row.prefix };
  }
}
