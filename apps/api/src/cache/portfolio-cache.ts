// Read-through cache of the wire JSON of portfolios and lists, shared by every API instance through
// one Redis. What it promises: after a write answered 2xx, no instance serves the old state. How:
//
// 1. Version tokens, read BEFORE the database. Every cached value starts with the token of its
//    entity ("ver:p:<id>" or "ver:list") as read before the database query that produced it; a write
//    sets a new token after its commit. A value filled from a read that raced a write carries the old
//    token and never matches again, so no delete/fill race can resurrect old data.
// 2. Generations. Values live under "g:<generation>:"; the current generation is the value of the
//    "live" key. An instance whose post-commit token write failed (Redis paused, partitioned, slow)
//    stops using the cache and keeps trying to start a new random generation; only once that
//    succeeds does it trust the cache again. Everything cached before is then unreachable.
// 3. A lease. "live" expires unless renewed (every instance renews it, a few times per lease), and
//    the lease is no longer than the command timeout. A write whose invalidation timed out did so
//    because Redis answered nothing for at least that long, so by the time Redis answers again the
//    lease is gone, and the first instance that notices starts a new generation before anyone reads
//    an old value. (If only the writer is cut off while others still reach Redis, they can serve the
//    old value until the writer reconnects and bumps the generation, or the TTL ends it.)
//
// Redis trouble never fails a call and never delays it past the command timeout: every failure is a
// miss; after one, Redis is skipped for a moment (writes during that moment just mark the instance
// untrusted); the outage is logged once, and its end once.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface CacheLogger {
  warn: (obj: object, msg: string) => void;
  info: (obj: object, msg: string) => void;
}

export interface PortfolioCacheOptions {
  /** how long a cached value may live (bounds what the design above cannot see) */
  ttlMs: number;
  /** the Redis client's commandTimeout; the generation lease is this long */
  timeoutMs: number;
  /**
   * Larger values are not cached: moving a 12 MB list through Redis on every hit costs more than
   * building it (and can outlast the command timeout); default 2 MiB, above a 1,000-portfolio page.
   */
  maxValueChars?: number;
  /** key namespace; the trailing version changes whenever the value format does */
  namespace?: string;
  log?: CacheLogger;
}

/** A cache answer: the JSON on a hit; on a miss, fill() offers the value read from the database. */
export interface CacheLookup {
  json?: string;
  fill: (json: string) => void;
  /** on a miss that can be filled: the longest value fill() stores (a streamed read keeps at most this much) */
  fillsUpTo?: number;
}

/** What the services use of the cache (a request transaction gives them a deferring stand-in). */
export type ServiceCache = Pick<PortfolioCache, 'portfolio' | 'list' | 'invalidate' | 'invalidateAll'>;

const MISS: CacheLookup = { fill: () => {} };
const silent: CacheLogger = { warn: () => {}, info: () => {} };

/** Larger values (the full 10,000-portfolio list) are not cached: CACHE_MAX_ENTRY_BYTES's default. */
export const DEFAULT_MAX_VALUE_CHARS = 2 * 1024 * 1024;

/** Sets every key given to the token (ARGV[1]) with a lifetime of ARGV[2] ms. */
const SET_TOKENS_LUA = `for i = 1, #KEYS do redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2]) end return #KEYS`;
interface SetTokens {
  folioSetTokens: (numberOfKeys: number, ...keysThenArgs: (string | number)[]) => Promise<number>;
}

export class PortfolioCache {
  readonly namespace: string;
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly maxValueChars: number;
  private readonly log: CacheLogger;
  private readonly instance = randomBytes(4).toString('hex');
  private tokenCounter = 0;
  private generation: string | undefined;
  /** false until this instance has started a generation itself (at start, after a missed invalidation) */
  private trusted = false;
  /** bumped on every missed invalidation, so fills and recoveries started before one are discarded */
  private missedEpoch = 0;
  private skipUntil = 0;
  private down = false;
  private closed = false;
  private recovering: Promise<void> | undefined;
  private readonly renewTimer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    options: PortfolioCacheOptions,
  ) {
    this.namespace = options.namespace ?? 'folio:v1';
    this.ttlMs = options.ttlMs;
    this.leaseMs = options.timeoutMs;
    this.maxValueChars = options.maxValueChars ?? DEFAULT_MAX_VALUE_CHARS;
    this.log = options.log ?? silent;
    // Sent as EVALSHA; ioredis loads the script again if the server has lost it (a restart).
    if (!('folioSetTokens' in this.redis)) this.redis.defineCommand('folioSetTokens', { lua: SET_TOKENS_LUA });
    // A lost connection is an outage too, even if no command was waiting on it.
    this.redis.on('close', () => {
      if (!this.closed) this.failed(new Error('connection to Redis lost'));
    });
    this.redis.on('ready', () => this.succeeded());
    // A new instance cannot know what a crashed predecessor failed to invalidate: start a generation.
    this.recover();
    this.renewTimer = setInterval(() => this.renewLease(), Math.max(10, Math.floor(this.leaseMs / 5)));
    this.renewTimer.unref();
  }

  portfolio(id: number): Promise<CacheLookup> {
    return this.lookup(`p:${id}`, `p:${id}`);
  }

  /** `variant` names the page: 'all', or limit and cursor. */
  list(variant: string): Promise<CacheLookup> {
    return this.lookup('list', `l:${variant}`);
  }

  /**
   * An analysis answer under the hash of its inputs. The hash already holds the versions of what the
   * answer read (prices, portfolio), so no token is needed: a write makes the key itself unreachable.
   */
  analysis(hash: string): Promise<CacheLookup> {
    return this.lookup('analysis', `a:${hash}`);
  }

  /**
   * Call after the commit of a write, and await it before answering: new tokens for the portfolios
   * and for the list. Never throws; a failure makes this instance distrust the cache until it has
   * started a new generation.
   */
  async invalidate(portfolioIds: readonly number[]): Promise<void> {
    if (!this.reachable()) return this.missedInvalidation();
    const token = this.nextToken();
    const keys = [...portfolioIds.map((id) => this.key(`ver:p:${id}`)), this.key('ver:list')];
    try {
      // One command (a script, all or nothing) rather than a pipeline of SETs: on every write, a
      // pipeline's objects were ~half of the Redis client's CPU (docs/performance.md).
      await (this.redis as Redis & SetTokens).folioSetTokens(keys.length, ...keys, token, 2 * this.ttlMs);
      this.succeeded();
    } catch (err) {
      this.failed(err);
      this.missedInvalidation();
    }
  }

  /**
   * Makes everything cached unreachable (for writes that bypass the service, such as imports). This
   * instance stops trusting the cache at once; waits at most one command timeout for the new
   * generation (if Redis is down, the lease does the rest when it is back).
   */
  async invalidateAll(): Promise<void> {
    this.missedInvalidation();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.recovering, new Promise((resolve) => (timer = setTimeout(resolve, this.leaseMs)))]);
    clearTimeout(timer);
  }

  /** Resolves once this instance trusts the cache again (tests, and the CLI after a write). */
  async settled(): Promise<boolean> {
    await this.recovering;
    return this.trusted;
  }

  /**
   * Resolves true once the connection is ready, false after `ms`: a short-lived process (the CLI)
   * waits for it, since a write while still connecting would skip Redis.
   */
  async connected(ms: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    let timer: NodeJS.Timeout | undefined;
    const ready = new Promise<boolean>((resolve) => this.redis.once('ready', () => resolve(true)));
    const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([ready, gaveUp]);
    clearTimeout(timer);
    return result;
  }

  /** true when Redis answers a PING within the timeout */
  async ping(): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    try {
      await this.redis.ping();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.renewTimer);
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** Lookups answered from Redis and not, since start (for /metrics), and whether Redis is connected. */
  stats(): { hits: number; misses: number; connected: boolean } {
    return { hits: this.hits, misses: this.misses, connected: this.redis.status === 'ready' };
  }

  private hits = 0;
  private misses = 0;

  private async lookup(versionName: string, suffix: string): Promise<CacheLookup> {
    const found = await this.lookupInRedis(versionName, suffix);
    if (found.json === undefined) this.misses += 1;
    else this.hits += 1;
    return found;
  }

  private async lookupInRedis(versionName: string, suffix: string): Promise<CacheLookup> {
    if (!this.trusted || !this.reachable()) return MISS;
    const started = Date.now();
    const epoch = this.missedEpoch;
    const knownGeneration = this.generation;
    let reply: (string | null)[];
    try {
      reply = await this.redis.mget(
        this.key('live'),
        this.key(`ver:${versionName}`),
        this.key(`g:${knownGeneration}:${suffix}`),
      );
    } catch (err) {
      this.failed(err);
      return MISS;
    }
    this.succeeded();
    const [live, version, value] = reply;
    if (!live) {
      // The lease ran out: Redis was unreachable for longer than a command timeout (or restarted).
      this.recover();
      return MISS;
    }
    this.generation = live;
    const prefix = `${version ?? ''}\n`;
    if (live === knownGeneration && value?.startsWith(prefix)) return { json: value.slice(prefix.length), fill: MISS.fill };
    return { fill: (json) => this.fill(`g:${live}:${suffix}`, prefix, json, started, epoch), fillsUpTo: this.maxValueChars };
  }

  private fill(key: string, prefix: string, json: string, started: number, epoch: number): void {
    // A read that took longer than half a TTL could outlive the token it was checked against.
    if (!this.trusted || epoch !== this.missedEpoch || Date.now() - started > this.ttlMs / 2) return;
    if (json.length > this.maxValueChars) return;
    if (!this.reachable()) return;
    this.redis.set(this.key(key), prefix + json, 'PX', this.ttlMs).then(
      () => this.succeeded(),
      (err: unknown) => this.failed(err),
    );
  }

  private missedInvalidation(): void {
    this.trusted = false;
    this.missedEpoch += 1;
    this.recover();
  }

  /** Starts a new random generation (and lease), retrying until Redis takes it. */
  private recover(): void {
    if (this.recovering || this.closed) return;
    this.recovering = (async () => {
      while (!this.closed) {
        const epoch = this.missedEpoch;
        if (this.redis.status === 'ready') {
          const generation = randomBytes(9).toString('base64url');
          try {
            await this.redis.set(this.key('live'), generation, 'PX', this.leaseMs);
            this.generation = generation;
            this.succeeded();
            if (epoch === this.missedEpoch) {
              this.trusted = true;
              return;
            }
            continue;
          } catch (err) {
            this.failed(err);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(20, this.leaseMs)).unref());
      }
    })().finally(() => {
      this.recovering = undefined;
    });
  }

  private renewLease(): void {
    if (this.closed || this.redis.status !== 'ready' || this.generation === undefined) return;
    // PEXPIRE never re-creates an expired lease: only a new generation does.
    this.redis.pexpire(this.key('live'), this.leaseMs).then(
      (renewed) => {
        this.succeeded();
        if (renewed === 0) this.recover();
      },
      (err: unknown) => this.failed(err),
    );
  }

  private reachable(): boolean {
    return this.redis.status === 'ready' && Date.now() >= this.skipUntil;
  }

  private failed(err: unknown): void {
    this.skipUntil = Date.now() + Math.max(500, 4 * this.leaseMs);
    if (this.down) return;
    this.down = true;
    this.log.warn({ err }, 'Redis is not answering; reads go to Postgres until it does');
  }

  private succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.skipUntil = 0;
    this.log.info({}, 'Redis answers again');
  }

  private nextToken(): string {
    this.tokenCounter += 1;
    return `${this.instance}.${this.tokenCounter}`;
  }

  private key(suffix: string): string {
    return `${this.namespace}:${suffix}`;
  }
}
