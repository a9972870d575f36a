// The REST API of the original service, wire-compatible with its spec. Each route calls the procedure
// of the same name (through routers/direct-caller.ts), so validation, errors and auth exist once.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/index.js';
import { directCaller } from '../routers/direct-caller.js';
import { requireAccess, type Context } from '../trpc.js';
import { rawJsonOf } from '../services/raw-json.js';
import { priceRoutes } from './price-routes.js';
import { sendStreamed } from './streamed-reply.js';
import { transferRoutes } from './transfer-routes.js';

export interface RestOptions {
  contextFor: (req: FastifyRequest) => Context;
  /** a streamed answer whose client takes nothing for this long is cut off (REQUEST_TIMEOUT_MS) */
  streamIdleMs: number;
}

/**
 * Path and query values arrive as strings; integers become numbers so the schemas judge the value
 * (0 → 422 out of range), anything else stays a string so the schemas call it malformed (400).
 */
function integerParam(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? Number(value) : value;
}

/** A body must be a JSON object; absent means empty. Anything else is passed on for zod to reject. */
function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new ProblemError(400, 'The request body must be a JSON object.');
}

type Params = Record<string, string | undefined>;
type Query = Record<string, unknown>;

export const restRoutes: FastifyPluginAsync<RestOptions> = async (app, opts) => {
  // Some clients send DELETE with `Content-Type: application/json` and no body; Fastify would reject it.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']); // JSON only: anything else is a 415
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body.length === 0) return done(null, undefined);
    parseJson(req, body as string, done);
  });

  // Reads come back as their JSON text (from Postgres or the cache): send it without re-serialising.
  app.setReplySerializer((payload) => rawJsonOf(payload) ?? JSON.stringify(payload));

  const call = (req: FastifyRequest) => directCaller(opts.contextFor(req)).portfolio;
  const id = (req: FastifyRequest) => integerParam((req.params as Params).id) as number;
  const stockId = (req: FastifyRequest) => integerParam((req.params as Params).stock_id) as number;

  app.get('/portfolios', async (req, reply) => {
    const query = req.query as Query;
    if (query.limit === undefined && query.cursor === undefined && query.q === undefined) {
      // The whole list, however long: streamed from Postgres (one COPY statement), not a procedure call.
      const ctx = opts.contextFor(req);
      await requireAccess(ctx, 'read');
      return sendStreamed(reply.type('application/json; charset=utf-8'), () => ctx.services.portfolios.listStream(), opts.streamIdleMs);
    }
    const input = {
      limit: integerParam(query.limit) as number | undefined,
      cursor: integerParam(query.cursor) as number | undefined,
      q: query.q as string | undefined,
    };
    const portfolios = await call(req).list(input);
    const last = portfolios.at(-1);
    if (input.limit !== undefined && last && portfolios.length === input.limit) {
      const search = input.q ? `&q=${encodeURIComponent(input.q)}` : '';
      reply.header('link', `</api/portfolios?limit=${input.limit}&cursor=${last.id}${search}>; rel="next"`);
    }
    return portfolios;
  });

  app.post('/portfolios', async (req, reply) => {
    const created = await call(req).create(bodyObject(req.body) as never);
    return reply.code(201).header('location', `/api/portfolios/${created.id}`).send(created);
  });

  app.get('/portfolios/:id', async (req) => call(req).byId({ id: id(req) }));

  app.put('/portfolios/:id', async (req) => call(req).update({ ...bodyObject(req.body), id: id(req) } as never));

  app.delete('/portfolios/:id', async (req, reply) => {
    await call(req).delete({ id: id(req) });
    return reply.code(204).send();
  });

  app.post('/portfolios/:id/stocks', async (req, reply) => {
    const portfolio = await call(req).addStock({ ...bodyObject(req.body), portfolio_id: id(req) } as never);
    return reply.code(201).send(portfolio);
  });

  app.patch('/portfolios/:id/stocks/:stock_id', async (req) =>
    call(req).updateStock({ ...bodyObject(req.body), portfolio_id: id(req), stock_id: stockId(req) } as never),
  );

  app.delete('/portfolios/:id/stocks/:stock_id', async (req) =>
    call(req).removeStock({ portfolio_id: id(req), stock_id: stockId(req) }),
  );

  app.put('/portfolios/:id/weights', async (req) => call(req).setWeights({ ...bodyObject(req.body), id: id(req) } as never));

  // Analyses: POST with the same JSON as the tRPC procedure (the body can be larger than a URL).
  const analysis = (req: FastifyRequest) => directCaller(opts.contextFor(req)).analysis;
  app.post('/analysis/optimize', async (req) => analysis(req).optimize(bodyObject(req.body) as never));
  app.post('/analysis/frontier', async (req) => analysis(req).frontier(bodyObject(req.body) as never));
  app.post('/analysis/risk', async (req) => analysis(req).risk(bodyObject(req.body) as never));
  app.post('/analysis/monte-carlo', async (req) => analysis(req).monteCarlo(bodyObject(req.body) as never));
  app.post('/analysis/rebalance', async (req) => analysis(req).rebalance(bodyObject(req.body) as never));
  app.get('/portfolios/:id/valuation', async (req) => {
    const { date } = req.query as Query;
    return call(req).valuation({ id: id(req), ...(date !== undefined ? { date: date as string } : {}) });
  });

  transferRoutes(app, opts.contextFor, opts.streamIdleMs);
  priceRoutes(app, opts.contextFor);
};
