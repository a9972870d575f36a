// analysis.*: resolves what to analyse (listed tickers/weights or a stored portfolio's effective
// weights), checks the compute budget before anything is queued, reads the window's prices, runs the
// computation on the worker pool and caches the answer in Redis. The last few price tables read are
// kept in memory under their price versions (price-table-memo.ts), so a changed option reads no prices.
//
// Never stale: the cache key is a hash of the resolved request (tickers, weights, shares: the
// portfolio's content itself), the portfolio's updated_at and the price versions of the tickers read.
// The price versions are read BEFORE the prices, so a cached answer is never older than its key: a
// price write after the version read makes the key unreachable for every later reader, and a portfolio
// write changes the resolved request. Redis trouble is a miss (compute), never a failure.
import { createHash } from 'node:crypto';
import {
  AnalyticsInputError,
  checkFrontierBudget,
  checkMonteCarloBudget,
  type AnalysisResults,
  type AnalysisTask,
  type Holding,
} from '@folio/analytics';
import { effectiveWeights } from '@folio/contract';
import type { FrontierInput, MonteCarloInput, OptimizeInput, RebalanceInput, RiskInput } from '@folio/contract/analysis';
import type { Knex } from '@folio/db';
import type { PortfolioCache } from '../cache/index.js';
import { NotFoundError } from '../errors/index.js';
import { readPricesVersion, readPriceTable, type PriceWindow } from '../prices/price-table.js';
import { lazyJson } from '../services/raw-json.js';
import type { AnalysisPool } from './analysis-pool.js';
import { PriceTableMemo } from './price-table-memo.js';

interface PortfolioHolding {
  ticker: string;
  weight: number | null;
  shares: number | null;
  /** last close on or before the rebalance date (only read for rebalance) */
  price?: number | null;
}

interface Subject {
  tickers: string[];
  /** given weights, or the portfolio's effective weights */
  weights?: Record<string, number>;
  /** the portfolio's updated_at, when the subject is a stored portfolio */
  portfolioVersion?: string;
}

type Kind = AnalysisTask['kind'];
type RequestOf<K extends Kind> = Omit<Extract<AnalysisTask, { kind: K }>['request'], 'prices'>;

/** Without undefined-valued keys, so an absent option and the default hash alike and the analytics see no `undefined`. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** JSON with object keys sorted, so equal requests hash equally whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export class AnalysisService {
  /** the last few price tables read, under their price versions (see price-table-memo.ts) */
  private readonly priceTables = new PriceTableMemo();

  constructor(
    private readonly db: Knex,
    private readonly pool: AnalysisPool,
    private readonly cache?: PortfolioCache,
  ) {}

  async optimize(input: OptimizeInput, signal?: AbortSignal): Promise<AnalysisResults['optimize']> {
    const { portfolio_id: _p, weights: _w, tickers: _t, from, to, ...options } = input;
    const subject = await this.subject(input);
    return this.run('optimize', subject, { from, to }, { ...defined(options), tickers: subject.tickers }, signal);
  }

  async frontier(input: FrontierInput, signal?: AbortSignal): Promise<AnalysisResults['frontier']> {
    const { portfolio_id: _p, weights: _w, tickers: _t, from, to, ...options } = input;
    const subject = await this.subject(input);
    checkFrontierBudget({ points: options.points, assets: subject.tickers.length });
    const request = { ...defined(options), tickers: subject.tickers, ...(subject.weights ? { portfolio: subject.weights } : {}) };
    return this.run('frontier', subject, { from, to }, request, signal);
  }

  async risk(input: RiskInput, signal?: AbortSignal): Promise<AnalysisResults['risk']> {
    const { portfolio_id: _p, weights: _w, tickers: _t, from, to, ...options } = input;
    const subject = await this.subject(input);
    const priced = options.benchmark && !subject.tickers.includes(options.benchmark) ? [...subject.tickers, options.benchmark] : subject.tickers;
    return this.run('risk', { ...subject, tickers: priced }, { from, to }, { ...defined(options), weights: this.weightsOf(subject) }, signal);
  }

  async monteCarlo(input: MonteCarloInput, signal?: AbortSignal): Promise<AnalysisResults['monte_carlo']> {
    const { portfolio_id: _p, weights: _w, tickers: _t, from, to, ...options } = input;
    const subject = await this.subject(input);
    checkMonteCarloBudget({ paths: options.paths, horizon_days: options.horizon_days, assets: subject.tickers.length });
    return this.run('monte_carlo', subject, { from, to }, { ...defined(options), weights: this.weightsOf(subject) }, signal);
  }

  async rebalance(input: RebalanceInput, signal?: AbortSignal): Promise<AnalysisResults['rebalance']> {
    const portfolio = await this.readPortfolio(input.portfolio_id, { on: input.to });
    const holdings: Holding[] = portfolio.holdings.map((h) => ({ ticker: h.ticker, shares: h.shares, price: h.price ?? null }));
    const targets = input.weights ?? this.effective(portfolio.holdings);
    const held = new Set(holdings.map((h) => h.ticker));
    const notHeld = Object.keys(targets).filter((t) => !held.has(t));
    if (notHeld.length > 0) {
      throw new AnalyticsInputError(`Portfolio ${input.portfolio_id} does not hold ${notHeld.join(', ')}; targets name held tickers only.`, 'weights');
    }
    const request = { holdings, targets, whole_shares: input.whole_shares, cash: input.cash };
    // The prices are in the request itself (holdings), so the key needs no price version.
    return this.cached('rebalance', canonicalJson({ request, portfolio: portfolio.version, to: input.to ?? null }), () =>
      this.pool.run({ kind: 'rebalance', request }, signal),
    );
  }

  /** Whatever the subject's weights are; the schemas guarantee risk/monteCarlo have some. */
  private weightsOf(subject: Subject): Record<string, number> {
    if (!subject.weights) throw new AnalyticsInputError('Give weights (or a portfolio_id).', 'weights');
    return subject.weights;
  }

  private async subject(input: { tickers?: string[] | undefined; weights?: Record<string, number> | undefined; portfolio_id?: number | undefined }): Promise<Subject> {
    if (input.portfolio_id === undefined) {
      const tickers = input.tickers ?? Object.keys(input.weights ?? {});
      const notListed = input.tickers && input.weights ? Object.keys(input.weights).filter((t) => !tickers.includes(t)) : [];
      if (notListed.length > 0) throw new AnalyticsInputError(`weights name ${notListed.join(', ')}, which tickers does not list.`, 'weights');
      return { tickers, ...(input.weights ? { weights: input.weights } : {}) };
    }
    const portfolio = await this.readPortfolio(input.portfolio_id);
    return {
      tickers: portfolio.holdings.map((h) => h.ticker),
      weights: this.effective(portfolio.holdings),
      portfolioVersion: portfolio.version,
    };
  }

  private effective(holdings: readonly PortfolioHolding[]): Record<string, number> {
    const { weights } = effectiveWeights(holdings);
    return Object.fromEntries(holdings.map((h, i) => [h.ticker, weights[i] ?? 0]));
  }

  /**
   * The portfolio's holdings and its version, in one statement; with `prices`, each holding's last
   * close on or before `prices.on` (default: the latest), the price a trade would be made at.
   */
  private async readPortfolio(id: number, prices?: { on: string | undefined }): Promise<{ holdings: PortfolioHolding[]; version: string }> {
    const { rows } = await this.db.raw<{ rows: (PortfolioHolding & { version: string })[] }>(
      `SELECT to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS version,
              s.ticker, s.weight, s.shares, last.close AS price
         FROM portfolios p
         LEFT JOIN portfolio_stocks s ON s.portfolio_id = p.id
         LEFT JOIN LATERAL (
           SELECT close FROM prices
            WHERE ?::boolean AND ticker = s.ticker AND date <= coalesce(?::date, 'infinity')
            ORDER BY date DESC LIMIT 1
         ) last ON true
        WHERE p.id = ?
        ORDER BY s.id`,
      [prices !== undefined, prices?.on ?? null, id],
    );
    const first = rows[0];
    if (!first) throw new NotFoundError(`Portfolio ${id} does not exist.`);
    const holdings = rows.filter((r) => r.ticker !== null).map(({ version: _v, ...h }) => h);
    if (holdings.length === 0) throw new AnalyticsInputError(`Portfolio ${id} holds no stocks to analyse.`, 'portfolio_id');
    return { holdings, version: first.version };
  }

  /** Price-based analyses: versions first, then the cache, then the prices and the pool. */
  private async run<K extends Exclude<Kind, 'rebalance'>>(
    kind: K,
    subject: Subject,
    window: PriceWindow,
    request: RequestOf<K>,
    signal: AbortSignal | undefined,
  ): Promise<AnalysisResults[K]> {
    const pricesVersion = await readPricesVersion(this.db, subject.tickers);
    const key = canonicalJson({ request, window: defined(window), prices: pricesVersion, portfolio: subject.portfolioVersion ?? null });
    return this.cached(kind, key, async () => {
      const prices = await this.priceTables.get(pricesVersion, window.from, window.to, () => readPriceTable(this.db, subject.tickers, window));
      const task = { kind, request: { ...request, prices } } as Extract<AnalysisTask, { kind: K }>;
      return this.pool.run(task, signal);
    });
  }

  private async cached<K extends Kind>(kind: K, key: string, compute: () => Promise<AnalysisResults[K]>): Promise<AnalysisResults[K]> {
    const hash = createHash('sha256').update(`${kind}\n${key}`).digest('base64url');
    const lookup = await this.cache?.analysis(hash);
    if (lookup?.json !== undefined) return lazyJson(lookup.json, 'object');
    const result = await compute();
    lookup?.fill(JSON.stringify(result));
    return result;
  }
}
