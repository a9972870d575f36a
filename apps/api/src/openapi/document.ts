// The OpenAPI 3.1 document of the REST API. Paths, status codes and headers are listed here (they are
// the REST adapter's, not the schemas'); every body schema is generated from @folio/contract's zod
// schemas with z.toJSONSchema, so validation rules and the document cannot drift apart.
import {
  addStockInput,
  createPortfolioInput,
  healthSchema,
  MAX_ID,
  MAX_PAGE_SIZE,
  portfolioSchema,
  problemSchema,
  stockSchema,
  tickerSchema,
  updatePortfolioInput,
  updateStockInput,
} from '@folio/contract';
import {
  priceCoverageSchema,
  priceImportReportSchema,
  pricePointSchema,
  upsertPricesJsonInput,
  valuationSchema,
} from '@folio/contract/prices';
import {
  frontierInput,
  frontierResultSchema,
  monteCarloInput,
  monteCarloResultSchema,
  optimizeInput,
  optimizeResultSchema,
  rebalanceInput,
  rebalanceResultSchema,
  riskInput,
  riskResultSchema,
  setWeightsInput,
} from '@folio/contract/analysis';
import { LIMITS } from '@folio/analytics/budgets';
import { exportDocumentSchema, importDocumentSchema, importReportSchema } from '@folio/contract/transfer';
import { API_VERSION } from '@folio/contract/version';
import { z } from 'zod';
import { procedures, type ProcedureSpec } from '@folio/contract/procedures';
import { IMPORT_BODY_LIMIT } from '../rest/transfer-routes.js';
import { operationPolicy, securitySchemes, type PolicyOptions } from './operation-policy.js';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Each registry becomes components/schemas; nested registered schemas become $refs. */
function components(io: Io, schemas: Record<string, z.ZodType>): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, {
    io,
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      // z.number().int() says "safe integer" as ±(2^53 − 1) bounds; as documentation that invites negative ids.
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      // The ticker pattern applies after trimming and upper-casing, so clients may send "brk.b".
      if (io === 'input' && zodSchema === tickerSchema) {
        delete jsonSchema.pattern;
        jsonSchema.description = 'Trimmed and upper-cased by the server, then 1–20 of A–Z 0–9 . - ^ = /';
      }
    },
  });
  return Object.fromEntries(
    Object.entries(out).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema as Json]),
  );
}

const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(
    [...statuses, 500, 503].map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]),
  );

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed request: wrong JSON types, not JSON, or an unparsable id',
  401: 'No API key, or one that is malformed, unknown or revoked (`WWW-Authenticate: Bearer`)',
  403: 'The API key is a `read` key and this operation writes',
  404: 'The portfolio (or stock) does not exist',
  409: 'Conflicts with the current state (e.g. the ticker is already held)',
  413: 'The request body is larger than the limit',
  415: 'The body is not application/json',
  422: 'Well-formed but breaks a rule (length, range, weight sum); `errors` lists the paths',
  500: 'Unexpected server error (details are logged, not returned)',
  503: 'The database is unavailable; retry later',
};

/**
 * One example per request body, shown by /docs and sent by its "try it": each is accepted by the
 * server (openapi.test.ts sends every one to the running app).
 */
const REQUEST_EXAMPLES: Record<string, Json> = {
  CreatePortfolio: { name: 'Tech leaders', description: 'US large-cap technology' },
  UpdatePortfolio: { name: 'Tech leaders 2027', description: null },
  AddStock: { ticker: 'AAPL', weight: 0.25, shares: 10 },
  UpdateStock: { weight: 0.3, shares: 12.5 },
  SetWeights: { weights: { GOOG: 0.45, AMZN: 0.3 } },
  OptimizeRequest: { tickers: ['AAPL', 'GOOG', 'AMZN'], objective: 'max_sharpe', risk_free_rate: 0.02, weight_bounds: [0, 1] },
  FrontierRequest: { tickers: ['AAPL', 'GOOG', 'AMZN'], points: 20 },
  RiskRequest: { weights: { AAPL: 0.4, GOOG: 0.3, AMZN: 0.3 }, confidence: 0.95, horizon_days: 1, benchmark: 'XOM' },
  MonteCarloRequest: { weights: { AAPL: 0.4, GOOG: 0.3, AMZN: 0.3 }, paths: 1000, horizon_days: 252, seed: 42, initial_value: 10000 },
  RebalanceRequest: { portfolio_id: 1, whole_shares: true, cash: 0 },
  ImportDocument: {
    format: 'folio-export',
    version: 1,
    exported_at: '2026-11-24T10:15:00.000Z',
    portfolios: [
      {
        id: 1,
        name: 'Tech leaders',
        description: 'US large-cap technology',
        stocks: [
          { ticker: 'AAPL', weight: 0.25, shares: 10 },
          { ticker: 'MSFT', weight: null, shares: null },
        ],
      },
    ],
  },
};

const json = (schema: Json, example?: Json) => ({ 'application/json': { schema, ...(example ? { examples: { example: { value: example } } } : {}) } });
const body = (id: string) => ({ required: true, content: json(ref(id), REQUEST_EXAMPLES[id]) });
const ok = (description: string, id: string, headers?: Json) => ({ description, content: json(ref(id)), ...(headers ? { headers } : {}) });

const idParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'integer', minimum: 1, maximum: MAX_ID },
  example: 1,
});
const portfolioId = idParam('id', 'Portfolio id');
const tickerParam = {
  name: 'ticker',
  in: 'path',
  required: true,
  description: 'Ticker, URL-encoded (`%5EGSPC` for ^GSPC, `BF%2FB` for BF/B); upper-cased by the server',
  schema: { type: 'string', minLength: 1 },
};
const dateQuery = (name: string, description: string) => ({ name, in: 'query', description, schema: { type: 'string', format: 'date' } });
const noPrices = { description: 'There are no prices for this ticker', content: { 'application/problem+json': { schema: ref('Problem') } } };
const PRICES_READ =
  'Valuations and analyses read `adj_close` where present, else `close`. Prices are in the instrument’s own currency: ' +
  'there is no FX conversion.';

/** POST /api/analysis/<path>: reads only (read scope, no Idempotency-Key record). */
function analysisPath(operationId: string, summary: string, input: string, output: string, description: string, subject = true) {
  return {
    post: {
      operationId,
      tags: ['analysis'],
      summary,
      description:
        description +
        (subject
          ? ' Either `tickers`/`weights` or `portfolio_id` (its effective weights), plus the window `from`/`to` (inclusive ISO dates of prices; default all).'
          : '') +
        ' Conventions: docs/analytics.md. The same JSON as the tRPC procedure.',
      requestBody: body(input),
      responses: {
        '200': ok('The analysis', output),
        ...problemResponses(400, 404, 415, 422),
        '503': {
          description: 'The analysis queue is full (retry after Retry-After seconds), the time budget ran out, or the database is unavailable',
          headers: { 'Retry-After': { description: 'Seconds to wait, when the queue was full', schema: { type: 'integer' } } },
          content: { 'application/problem+json': { schema: ref('Problem') } },
        },
      },
    },
  };
}
const stockId = idParam('stock_id', 'Stock id (of a holding of this portfolio)');

/** The procedure each operation calls: its `access` decides the operation's auth. */
export const PROCEDURE_OF_OPERATION: Record<string, ProcedureSpec> = {
  listPortfolios: procedures.portfolio.list,
  createPortfolio: procedures.portfolio.create,
  getPortfolio: procedures.portfolio.byId,
  updatePortfolio: procedures.portfolio.update,
  deletePortfolio: procedures.portfolio.delete,
  addStock: procedures.portfolio.addStock,
  updateStock: procedures.portfolio.updateStock,
  removeStock: procedures.portfolio.removeStock,
  exportPortfolios: procedures.portfolio.export,
  importPortfolios: procedures.portfolio.import,
  setWeights: procedures.portfolio.setWeights,
  valuePortfolio: procedures.portfolio.valuation,
  upsertPrices: procedures.prices.upsert,
  priceCoverage: procedures.prices.coverage,
  priceSeries: procedures.prices.series,
  deletePrices: procedures.prices.delete,
  optimize: procedures.analysis.optimize,
  frontier: procedures.analysis.frontier,
  risk: procedures.analysis.risk,
  monteCarlo: procedures.analysis.monteCarlo,
  rebalance: procedures.analysis.rebalance,
  health: procedures.system.health,
  // Not a procedure: the metrics route is open exactly as /health is.
  metrics: procedures.system.health,
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/**
 * Adds what auth, the rate limit and idempotency mean for each operation. An operation missing from
 * PROCEDURE_OF_OPERATION is read for GET, write otherwise (a test requires every one to be listed).
 */
function withPolicies(paths: Record<string, Record<string, unknown>>, options: PolicyOptions) {
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const operation = value as Json;
      const spec = PROCEDURE_OF_OPERATION[String(operation.operationId)] ?? { access: method === 'get' ? 'read' : 'write' };
      const policy = operationPolicy(method, path, spec, options);
      operation.security = policy.security;
      if (policy.parameters.length) operation.parameters = [...((operation.parameters as Json[] | undefined) ?? []), ...policy.parameters];
      operation.responses = { ...(operation.responses as Json), ...policy.responses };
    }
  }
  return paths;
}

const OPEN: PolicyOptions = { auth: 'off', rateLimit: { max: 0, windowMs: 60_000 } };

/**
 * Every REST route the server registers under /api, plus /health and /metrics, as this configuration serves them
 * (auth and rate limit described only when on). A test holds the route lists equal.
 */
export function buildOpenApiDocument(options: PolicyOptions = OPEN): Json {
  const input = components('input', {
    CreatePortfolio: createPortfolioInput,
    UpdatePortfolio: updatePortfolioInput.omit({ id: true }),
    AddStock: addStockInput.omit({ portfolio_id: true }),
    UpdateStock: updateStockInput.omit({ portfolio_id: true, stock_id: true }),
    ImportDocument: importDocumentSchema,
    PriceRows: upsertPricesJsonInput,
    SetWeights: setWeightsInput.omit({ id: true }),
    OptimizeRequest: optimizeInput,
    FrontierRequest: frontierInput,
    RiskRequest: riskInput,
    MonteCarloRequest: monteCarloInput,
    RebalanceRequest: rebalanceInput,
  });
  const output = components('output', {
    Stock: stockSchema,
    Portfolio: portfolioSchema,
    PortfolioList: z.array(portfolioSchema),
    Problem: problemSchema,
    Health: healthSchema,
    ExportDocument: exportDocumentSchema,
    ImportReport: importReportSchema,
    PriceImportReport: priceImportReportSchema,
    PriceCoverage: z.array(priceCoverageSchema),
    PriceSeries: z.array(pricePointSchema),
    Valuation: valuationSchema,
    OptimizeResult: optimizeResultSchema,
    FrontierResult: frontierResultSchema,
    RiskResult: riskResultSchema,
    MonteCarloResult: monteCarloResultSchema,
    RebalanceResult: rebalanceResultSchema,
  });

  return {
    openapi: '3.1.0',
    info: {
      title: 'Folio REST API',
      version: API_VERSION,
      description:
        'Portfolios and the stocks they hold. Errors are RFC 9457 problem details (`application/problem+json`). ' +
        'TypeScript apps can use the typed tRPC client `@folio/sdk` instead.',
    },
    servers: [{ url: '/' }],
    tags: [
      { name: 'portfolios', description: 'Portfolios and their holdings' },
      { name: 'transfer', description: 'Whole-database export and import' },
      { name: 'prices', description: `Daily price history per ticker. ${PRICES_READ}` },
      { name: 'analysis', description: 'Optimisation, frontier, risk, Monte Carlo and rebalancing on stored prices' },
      { name: 'system', description: 'Health' },
    ],
    paths: withPolicies({
      '/api/portfolios': {
        get: {
          operationId: 'listPortfolios',
          tags: ['portfolios'],
          summary: 'List portfolios with their stocks',
          description: 'No parameters returns every portfolio. With `limit`, pages by id; a `Link: rel="next"` header points at the next page. `q` filters (name or ticker) and combines with paging.',
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE } },
            { name: 'cursor', in: 'query', description: 'Id of the last portfolio of the previous page', schema: { type: 'integer', minimum: 1, maximum: MAX_ID } },
            {
              name: 'q',
              in: 'query',
              description: 'Only portfolios whose name contains this text (any case) or that hold a ticker starting with it',
              schema: { type: 'string', maxLength: 200 },
              example: 'tech',
            },
          ],
          responses: {
            '200': ok('Portfolios ordered by id', 'PortfolioList', { Link: { description: 'The next page, when there may be one', schema: { type: 'string' } } }),
            ...problemResponses(400, 422),
          },
        },
        post: {
          operationId: 'createPortfolio',
          tags: ['portfolios'],
          summary: 'Create a portfolio',
          requestBody: body('CreatePortfolio'),
          responses: {
            '201': ok('Created', 'Portfolio', { Location: { description: 'URL of the new portfolio', schema: { type: 'string' } } }),
            ...problemResponses(400, 415, 422),
          },
        },
      },
      '/api/portfolios/{id}': {
        parameters: [portfolioId],
        get: {
          operationId: 'getPortfolio',
          tags: ['portfolios'],
          summary: 'Get one portfolio',
          responses: { '200': ok('The portfolio', 'Portfolio'), ...problemResponses(400, 404, 422) },
        },
        put: {
          operationId: 'updatePortfolio',
          tags: ['portfolios'],
          summary: 'Update name and/or description',
          description: 'Omitted fields are unchanged; `description: null` clears it.',
          requestBody: body('UpdatePortfolio'),
          responses: { '200': ok('The updated portfolio', 'Portfolio'), ...problemResponses(400, 404, 415, 422) },
        },
        delete: {
          operationId: 'deletePortfolio',
          tags: ['portfolios'],
          summary: 'Delete a portfolio and its stocks',
          responses: { '204': { description: 'Deleted' }, ...problemResponses(400, 404, 422) },
        },
      },
      '/api/portfolios/{id}/stocks': {
        parameters: [portfolioId],
        post: {
          operationId: 'addStock',
          tags: ['portfolios'],
          summary: 'Add a stock to a portfolio',
          requestBody: body('AddStock'),
          responses: { '201': ok('The updated portfolio', 'Portfolio'), ...problemResponses(400, 404, 409, 415, 422) },
        },
      },
      '/api/portfolios/{id}/weights': {
        parameters: [portfolioId],
        put: {
          operationId: 'setWeights',
          tags: ['portfolios'],
          summary: 'Set many target weights in one transaction (e.g. an optimiser’s answer)',
          description:
            'Held tickers only (others: 422 naming them); holdings not named keep their weight; each weight in [0, 1] and ' +
            'explicit weights summing to at most 1 (within 1e-9). Negative (short) weights cannot be applied.',
          requestBody: body('SetWeights'),
          responses: { '200': ok('The updated portfolio', 'Portfolio'), ...problemResponses(400, 404, 415, 422) },
        },
      },
      '/api/portfolios/{id}/stocks/{stock_id}': {
        parameters: [portfolioId, stockId],
        patch: {
          operationId: 'updateStock',
          tags: ['portfolios'],
          summary: 'Change a holding’s weight and/or shares',
          requestBody: body('UpdateStock'),
          responses: { '200': ok('The updated portfolio', 'Portfolio'), ...problemResponses(400, 404, 415, 422) },
        },
        delete: {
          operationId: 'removeStock',
          tags: ['portfolios'],
          summary: 'Remove a holding',
          responses: { '200': ok('The updated portfolio', 'Portfolio'), ...problemResponses(400, 404, 422) },
        },
      },
      '/api/portfolios/{id}/valuation': {
        parameters: [portfolioId],
        get: {
          operationId: 'valuePortfolio',
          tags: ['portfolios', 'prices'],
          summary: 'The portfolio at market prices: value, weights, drift from targets',
          description:
            'Per holding: the last close on or before `date` (default: each ticker’s latest) and its date, market value ' +
            '(shares × close), value weight (over the holdings that could be valued), target weight (the explicit weight, ' +
            'or an equal share of what explicit weights leave) and drift (value weight − target weight). Holdings without ' +
            'shares or without a price are listed with a `reason`. Valuation uses `close` (what a share traded at); analyses ' +
            'use `adj_close` where present. No FX conversion: each price is in its instrument’s currency.',
          parameters: [dateQuery('date', 'Value as of this date')],
          responses: { '200': ok('The valuation', 'Valuation'), ...problemResponses(400, 404, 422) },
        },
      },
      '/api/analysis/optimize': analysisPath(
        'optimize',
        'Mean-variance optimisation (PyPortfolioOpt conventions)',
        'OptimizeRequest',
        'OptimizeResult',
        'Objectives min_volatility, max_sharpe, efficient_risk, efficient_return, max_quadratic_utility. An unreachable target is a 422 naming the reachable range.',
      ),
      '/api/analysis/frontier': analysisPath(
        'frontier',
        'Efficient frontier',
        'FrontierRequest',
        'FrontierResult',
        `\`points\` portfolios from minimum volatility to maximum return; points × tickers² ≤ ${LIMITS.maxFrontierCost} (else 422).`,
      ),
      '/api/analysis/risk': analysisPath('risk', 'VaR, CVaR, drawdown, beta', 'RiskRequest', 'RiskResult', 'Historical and parametric VaR/CVaR as positive loss fractions.'),
      '/api/analysis/monte-carlo': analysisPath(
        'monteCarlo',
        'Monte Carlo (correlated geometric Brownian motion)',
        'MonteCarloRequest',
        'MonteCarloResult',
        `Same inputs and seed give the same answer. paths × min(horizon_days, 100) × tickers² ≤ ${LIMITS.maxMonteCarloCost.toExponential(0)} (else 422).`,
      ),
      '/api/analysis/rebalance': analysisPath(
        'rebalance',
        'Trades to reach target weights',
        'RebalanceRequest',
        'RebalanceResult',
        'Needs `portfolio_id` (shares). Prices: each holding’s last close on or before `to`. With `whole_shares`, buys round down and sells up, so trades never need more than `cash`.',
        false,
      ),
      '/api/export': {
        get: {
          operationId: 'exportPortfolios',
          tags: ['transfer'],
          summary: 'Download every portfolio as an export file',
          responses: {
            '200': ok('The export file (the list shape under a format header)', 'ExportDocument', {
              'Content-Disposition': { description: 'attachment; filename="folio-export-….json"', schema: { type: 'string' } },
            }),
            ...problemResponses(),
          },
        },
      },
      '/api/import': {
        post: {
          operationId: 'importPortfolios',
          tags: ['transfer'],
          summary: 'Load an export file in one transaction (all or nothing)',
          description:
            `merge: portfolios match by id, holdings by ticker; the file wins for what it lists. replace: everything else is deleted first, ids are kept. ` +
            `dry_run reports the counts and writes nothing. Bodies over ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB get 413; use \`pnpm folio import\` (streaming) for more.`,
          parameters: [
            { name: 'mode', in: 'query', schema: { type: 'string', enum: ['merge', 'replace'], default: 'merge' } },
            { name: 'dry_run', in: 'query', schema: { type: 'boolean', default: false } },
          ],
          requestBody: body('ImportDocument'),
          responses: { '200': ok('What was (or, in a dry run, would be) created, updated, unchanged, deleted (`skipped` is an alias of `unchanged`)', 'ImportReport'), ...problemResponses(400, 409, 413, 415, 422) },
        },
      },
      '/api/prices': {
        post: {
          operationId: 'upsertPrices',
          tags: ['prices'],
          summary: 'Upload prices (CSV or JSON) in one transaction (all or nothing)',
          description:
            'CSV shapes, told apart by the header: wide `date,AAPL,MSFT,…` (a blank cell = no price), long ' +
            '`ticker|symbol,date,close[,adj_close]` (any order and case, other columns ignored), or a Yahoo Finance / ' +
            'Stooq download `Date,Open,High,Low,Close[,Adj Close],Volume` with `?ticker=` (its `null` rows are skipped ' +
            'and counted). JSON: `{ "prices": [{ ticker, date, close, adj_close? }] }`. Dates are `YYYY-MM-DD`; prices ' +
            'positive and finite. Existing (ticker, date) rows are updated; the first problem is a 422 naming its ' +
            `line and column, and nothing is written. ${PRICES_READ} ` +
            `Bodies over ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB get 413; use \`pnpm folio prices import\` (streaming) for more.`,
          parameters: [{ name: 'ticker', in: 'query', description: 'The ticker of a single-ticker (Yahoo/Stooq) CSV', schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: {
              'text/csv': {
                schema: { type: 'string', description: 'A wide, long or single-ticker price CSV' },
                examples: { example: { value: 'date,AAPL,MSFT\n2024-01-02,185.64,370.87\n2024-01-03,184.25,370.60\n' } },
              },
              ...json(ref('PriceRows'), { prices: [{ ticker: 'AAPL', date: '2024-01-02', close: 185.64, adj_close: 184.73 }] }),
            },
          },
          responses: {
            '200': ok('Rows inserted, updated, unchanged and skipped; the tickers; first and last date', 'PriceImportReport'),
            ...problemResponses(400, 413, 415, 422),
          },
        },
        get: {
          operationId: 'priceCoverage',
          tags: ['prices'],
          summary: 'Which tickers have prices: first date, last date and rows of each',
          responses: { '200': ok('One entry per ticker, by ticker', 'PriceCoverage'), ...problemResponses() },
        },
      },
      '/api/prices/{ticker}': {
        parameters: [tickerParam],
        get: {
          operationId: 'priceSeries',
          tags: ['prices'],
          summary: 'One ticker’s prices, oldest first',
          description: `${PRICES_READ} A window with no prices of a known ticker is an empty list.`,
          parameters: [dateQuery('from', 'First date (inclusive)'), dateQuery('to', 'Last date (inclusive)')],
          responses: { '200': ok('`[{ date, close, adj_close }]`', 'PriceSeries'), '404': noPrices, ...problemResponses(400, 422) },
        },
        delete: {
          operationId: 'deletePrices',
          tags: ['prices'],
          summary: 'Delete every price of one ticker',
          responses: { '204': { description: 'Deleted' }, '404': noPrices, ...problemResponses(400, 422) },
        },
      },
      '/health': {
        get: {
          operationId: 'health',
          tags: ['system'],
          summary: 'Service health',
          responses: {
            '200': ok('Healthy or degraded', 'Health'),
            '503': { description: 'The database is down', content: json(ref('Health')) },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          tags: ['system'],
          summary: 'Prometheus metrics',
          description:
            'Prometheus text format: folio_http_requests_total and folio_http_request_duration_seconds by method, route and status; ' +
            'folio_db_pool_connections_in_use, folio_db_pool_waiting; with Redis, folio_cache_lookups_total by result and folio_redis_connected; ' +
            'the process metrics of prom-client (folio_process_*, folio_nodejs_*). Open, like /health.',
          responses: {
            '200': { description: 'The metrics', content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } } },
          },
        },
      },
    }, options),
    components: {
      securitySchemes,
      schemas: { ...input, ...output },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_TEXT).map(([status, description]) => [
          `Problem${status}`,
          { description, content: { 'application/problem+json': { schema: ref('Problem') } } },
        ]),
      ),
    },
  };
}
