// /api/prices: upload (text/csv or JSON), coverage, one ticker's series, delete. Each route calls the
// prices procedure of the same name. Tickers in paths arrive URL-decoded (%5EGSPC is ^GSPC).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/index.js';
import { directCaller } from '../routers/direct-caller.js';
import type { Context } from '../trpc.js';
import { IMPORT_BODY_LIMIT } from './transfer-routes.js';

type Query = Record<string, unknown>;

/** Registered inside the REST plugin (its JSON parser, its error handling); adds the CSV parser. */
export function priceRoutes(app: FastifyInstance, contextFor: (req: FastifyRequest) => Context): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const call = (req: FastifyRequest) => directCaller(contextFor(req)).prices;
  const ticker = (req: FastifyRequest) => (req.params as { ticker: string }).ticker;

  app.post('/prices', { bodyLimit: IMPORT_BODY_LIMIT }, async (req) => {
    const query = req.query as Query;
    if (typeof req.body === 'string') {
      return call(req).upsert({ csv: req.body, ...(query.ticker !== undefined ? { ticker: query.ticker as string } : {}) });
    }
    if (query.ticker !== undefined) {
      throw new ProblemError(400, '?ticker= names the ticker of a single-ticker CSV; JSON rows carry their own.');
    }
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new ProblemError(400, 'The request body must be text/csv or a JSON object { "prices": [...] }.');
    }
    return call(req).upsert(req.body as never);
  });

  app.get('/prices', async (req) => call(req).coverage());

  app.get('/prices/:ticker', async (req) => {
    const { from, to } = req.query as Query;
    return call(req).series({
      ticker: ticker(req),
      ...(from !== undefined ? { from: from as string } : {}),
      ...(to !== undefined ? { to: to as string } : {}),
    });
  });

  app.delete('/prices/:ticker', async (req, reply) => {
    await call(req).delete({ ticker: ticker(req) });
    return reply.code(204).send();
  });
}
