// The bare baseline: the least a Node service can do to answer the same requests from the same
// data. Plain Fastify routes, one hand-written pg statement each, no validation, ORM, cache or
// error mapping; Postgres builds the JSON and the text is sent as is. Started by run.ts.
import Fastify from 'fastify';
import pg from 'pg';

const databaseUrl = process.env.DATABASE_URL;
const port = Number(process.env.PORT);
if (!databaseUrl || !port) throw new Error('bare-server needs DATABASE_URL and PORT');

// Same pool ceiling as the API's default (30), so neither side wins on connections.
const pool = new pg.Pool({ connectionString: databaseUrl, max: 30 });

const ONE = `
  SELECT json_build_object('id', p.id, 'name', p.name, 'description', p.description,
           'created_at', p.created_at, 'updated_at', p.updated_at,
           'stocks', coalesce((SELECT json_agg(s ORDER BY s.id) FROM portfolio_stocks s WHERE s.portfolio_id = p.id), '[]'))::text AS json
  FROM portfolios p WHERE p.id = $1`;
const LIST = `
  SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'description', p.description,
           'created_at', p.created_at, 'updated_at', p.updated_at,
           'stocks', coalesce((SELECT json_agg(s ORDER BY s.id) FROM portfolio_stocks s WHERE s.portfolio_id = p.id), '[]'))
           ORDER BY p.id), '[]')::text AS json
  FROM portfolios p`;
const INSERT = `
  INSERT INTO portfolio_stocks (portfolio_id, ticker, weight, shares) VALUES ($1, $2, $3, $4)
  RETURNING row_to_json(portfolio_stocks)::text AS json`;
const UPDATE = `UPDATE portfolios SET name = $2 WHERE id = $1 RETURNING row_to_json(portfolios)::text AS json`;

const app = Fastify({ logger: false });
type IdParams = { Params: { id: string } };

app.get<IdParams>('/portfolios/:id', async (req, reply) => {
  const { rows } = await pool.query<{ json: string }>(ONE, [req.params.id]);
  if (!rows[0]) return reply.code(404).send();
  return reply.type('application/json').send(rows[0].json);
});
app.get('/portfolios', async (_req, reply) => {
  const { rows } = await pool.query<{ json: string }>(LIST);
  return reply.type('application/json').send(rows[0]?.json ?? '[]');
});
app.post<IdParams & { Body: { ticker: string; weight?: number; shares?: number } }>('/portfolios/:id/stocks', async (req, reply) => {
  const b = req.body;
  const { rows } = await pool.query<{ json: string }>(INSERT, [req.params.id, b.ticker, b.weight ?? null, b.shares ?? null]);
  return reply.code(201).type('application/json').send(rows[0]?.json);
});
app.put<IdParams & { Body: { name: string } }>('/portfolios/:id', async (req, reply) => {
  const { rows } = await pool.query<{ json: string }>(UPDATE, [req.params.id, req.body.name]);
  return reply.type('application/json').send(rows[0]?.json);
});

await app.listen({ port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void app.close().then(() => pool.end()).then(() => process.exit(0));
});
