// The wire JSON of portfolios, built by Postgres, defined once: the SQL below is what every read runs
// (by id, a page, the whole list, the export) and the body of the database functions that write and
// answer in one round trip (create, add stock, update; installed by migration 20261125000001, which
// a later migration re-runs when this shape changes). The text is byte-identical to JSON.stringify of
// the contract's objects (apps/api/test/queries.test.ts), so REST can send it and the cache store it.
import type { Knex } from 'knex';

/** Date.prototype.toISOString's format; to_char truncates microseconds to ms exactly as pg's Date does. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Postgres prints some doubles differently from JavaScript (1e-05 vs 0.00001, 1e+15 vs
 * 1000000000000000, -0 vs 0). Such rows are flagged so the (rare) result is re-serialised in JS.
 */
const oddFloat = (v: string) =>
  `((${v} <> 0 AND (abs(${v}) < 1e-4::float8 OR abs(${v}) >= 1e15::float8)) OR (${v} = 0 AND ${v}::text = '-0'))`;

// string_agg, not json_agg: json_agg puts ", " between elements; JSON.stringify puts ",".
const STOCKS_JSON = `('[' || string_agg(row_to_json(s)::text, ',' ORDER BY s.id) || ']')::json AS stocks,
           bool_or(${oddFloat('s.weight')} OR ${oddFloat('s.shares')}) AS odd`;
const STOCK_COLUMNS = `id, portfolio_id, ticker, weight, shares, ${iso('added_at')} AS added_at`;
/** The portfolio's fields in the contract's order, then its stocks (`st`, one of the joins below). */
const PORTFOLIO_JSON = `(SELECT row_to_json(x)::text FROM (
            SELECT p.id, p.name, p.description,
                   ${iso('p.created_at')} AS created_at, ${iso('p.updated_at')} AS updated_at,
                   coalesce(st.stocks, '[]'::json) AS stocks) x) AS json,
         coalesce(st.odd, false) AS odd`;

/** The stocks of each portfolio through the (portfolio_id, …) index: for one portfolio or a page. */
const STOCKS_PER_PORTFOLIO = `
  LEFT JOIN LATERAL (
    SELECT ${STOCKS_JSON}
    FROM (SELECT ${STOCK_COLUMNS} FROM portfolio_stocks WHERE portfolio_id = p.id) s
  ) st ON true`;

/** Every portfolio's stocks: one pass over the table and a hash join, so the cost grows linearly. */
const STOCKS_OF_ALL = `
  LEFT JOIN (
    SELECT s.portfolio_id, ${STOCKS_JSON}
    FROM (SELECT ${STOCK_COLUMNS} FROM portfolio_stocks) s
    GROUP BY s.portfolio_id
  ) st ON st.portfolio_id = p.id`;

/**
 * The database functions: one portfolio's JSON (LANGUAGE sql + STABLE + one SELECT, so the planner
 * inlines it and callers get index scans), and the writes that answer with it in the same round trip.
 * Each write reads after its statement (and its triggers) in a new snapshot, as a transaction would;
 * errors (unique ticker, missing portfolio, weight sum) surface with their usual SQLSTATE and constraint.
 */
export const PORTFOLIO_JSON_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION folio_portfolio_json(p_id integer) RETURNS TABLE (doc text, odd boolean)
  LANGUAGE sql STABLE AS $fn$
    SELECT ${PORTFOLIO_JSON}
    FROM portfolios p ${STOCKS_PER_PORTFOLIO}
    WHERE p.id = p_id
  $fn$;

  CREATE OR REPLACE FUNCTION folio_create_portfolio(p_name varchar, p_description text)
  RETURNS TABLE (doc text, odd boolean) LANGUAGE plpgsql AS $fn$
  DECLARE created integer;
  BEGIN
    INSERT INTO portfolios (name, description) VALUES (p_name, p_description) RETURNING id INTO created;
    RETURN QUERY SELECT f.doc, f.odd FROM folio_portfolio_json(created) f;
  END
  $fn$;

  CREATE OR REPLACE FUNCTION folio_add_stock(p_portfolio_id integer, p_ticker varchar, p_weight double precision,
                                             p_shares double precision) RETURNS TABLE (doc text, odd boolean)
  LANGUAGE plpgsql AS $fn$
  BEGIN
    INSERT INTO portfolio_stocks (portfolio_id, ticker, weight, shares)
      VALUES (p_portfolio_id, p_ticker, p_weight, p_shares);
    RETURN QUERY SELECT f.doc, f.odd FROM folio_portfolio_json(p_portfolio_id) f;
  END
  $fn$;

  -- A plain UPDATE … RETURNING with the JSON in the same statement would read the stocks in the
  -- statement's first snapshot and could miss a stock whose writer held the row lock we waited
  -- for; the read after the UPDATE, in a new snapshot, sees it (as a transaction would).
  CREATE OR REPLACE FUNCTION folio_update_portfolio(p_id integer, p_set_name boolean, p_name varchar,
                                                    p_set_description boolean, p_description text)
  RETURNS TABLE (doc text, odd boolean) LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE portfolios SET
      name = CASE WHEN p_set_name THEN p_name ELSE name END,
      description = CASE WHEN p_set_description THEN p_description ELSE description END
    WHERE id = p_id;
    IF FOUND THEN
      RETURN QUERY SELECT f.doc, f.odd FROM folio_portfolio_json(p_id) f;
    END IF;
  END
  $fn$;
`;

const BY_ID = 'SELECT doc AS json, odd FROM folio_portfolio_json(?)';
const CREATE = 'SELECT doc AS json, odd FROM folio_create_portfolio(?, ?)';
const ADD_STOCK = 'SELECT doc AS json, odd FROM folio_add_stock(?, ?, ?, ?)';
const UPDATE = 'SELECT doc AS json, odd FROM folio_update_portfolio(?, ?, ?, ?, ?)';

// One row per portfolio, joined in Node, rather than one 12 MB row: node-pg's parser keeps a
// connection's receive buffer at the largest message it has seen. (Measured RSS after three
// whole-list reads was about the same either way, 267 vs 272 MB: V8's heap dominates.)
const LIST_ALL = `SELECT p.id, ${PORTFOLIO_JSON} FROM portfolios p ${STOCKS_OF_ALL} ORDER BY p.id`;
const LIST_PAGE = `SELECT p.id, ${PORTFOLIO_JSON} FROM portfolios p ${STOCKS_PER_PORTFOLIO} WHERE p.id > ? ORDER BY p.id LIMIT ?`;
// A search: names containing q (any case) or holding a ticker that starts with it. Each side is an
// index scan (trigram GIN on names, pattern B-tree on tickers: migration 20261125000020); LIMIT NULL = all.
const LIST_SEARCH = `SELECT p.id, ${PORTFOLIO_JSON} FROM portfolios p ${STOCKS_PER_PORTFOLIO}
  WHERE p.id > ? AND p.id IN (SELECT id FROM portfolios WHERE name ILIKE ?
                              UNION SELECT portfolio_id FROM portfolio_stocks WHERE ticker LIKE ?)
  ORDER BY p.id LIMIT ?`;

/**
 * Every portfolio's wire JSON, one per line in id order, as COPY writes it: CSV with a quote and a
 * delimiter that JSON text never holds raw (control characters are always escaped in it), so each
 * line is the JSON text untouched. A leading '!' marks a row whose doubles Postgres prints unlike
 * JavaScript (see oddFloat): the reader re-serialises those. Per-portfolio index scans in id order,
 * so rows flow from the first one and Postgres holds no whole-table aggregate.
 */
export const PORTFOLIO_LINES_COPY = `COPY (
  SELECT CASE WHEN l.odd THEN '!' ELSE '' END || l.json
  FROM (SELECT p.id, ${PORTFOLIO_JSON} FROM portfolios p ${STOCKS_PER_PORTFOLIO}) l
  ORDER BY l.id
) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;

/** LIKE's wildcards and escape character, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface JsonRow {
  json: string;
  odd: boolean;
}

const normalise = (row: JsonRow) => (row.odd ? JSON.stringify(JSON.parse(row.json)) : row.json);

interface PgConnection {
  query: (config: { name: string; text: string; values: unknown[] }, done: (err: Error | null, result: { rows: JsonRow[] }) => void) => void;
}
interface PooledClient {
  acquireConnection: () => Promise<PgConnection>;
  releaseConnection: (connection: PgConnection) => Promise<unknown>;
  emit: (event: 'query', query: object) => boolean;
}

/** `?` placeholders as pg's `$1, $2, …` (none of these statements has a literal question mark). */
const positional = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
const positionalSql = new Map<string, string>();

/**
 * Runs one of these statements straight on a pooled connection of `db` (or its transaction's):
 * these are every read's and most writes' one statement, and knex's query builder and runner around
 * a raw statement cost about a tenth of the API's CPU on a write (docs/performance.md). What knex
 * gives its own queries is kept: its pool and transactions, the query event (statement counts),
 * the query time limit (callback-style calls are guarded; see query-timeout.ts). Named, so each
 * pooled connection parses and plans the statement once: planning these statements costs several
 * times their execution (measured in docs/performance.md).
 */
async function run(db: Knex, name: string, sql: string, bindings: readonly unknown[]): Promise<{ rows: JsonRow[] }> {
  let text = positionalSql.get(sql);
  if (text === undefined) positionalSql.set(sql, (text = positional(sql)));
  const client = db.client as unknown as PooledClient;
  const config = { name: `folio_${name}`, text, values: [...bindings] };
  client.emit('query', { sql, bindings, method: 'raw', options: { name: config.name } });
  const connection = await client.acquireConnection();
  try {
    return await new Promise((resolve, reject) => connection.query(config, (err, result) => (err ? reject(err) : resolve(result))));
  } finally {
    await client.releaseConnection(connection);
  }
}

const first = ({ rows }: { rows: JsonRow[] }) => (rows[0] ? normalise(rows[0]) : undefined);

/** The portfolio's wire JSON, or undefined when it does not exist. */
export async function portfolioJson(db: Knex, id: number): Promise<string | undefined> {
  return first(await run(db, 'by_id', BY_ID, [id]));
}

/** Creates a portfolio and returns its wire JSON, in one statement. */
export async function createPortfolioJson(db: Knex, portfolio: { name: string; description: string | null }): Promise<string> {
  const json = first(await run(db, 'create', CREATE, [portfolio.name, portfolio.description]));
  if (json === undefined) throw new Error('folio_create_portfolio returned no row');
  return json;
}

/** Inserts a stock and returns its portfolio's new wire JSON, in one statement. */
export async function addStockJson(
  db: Knex,
  stock: { portfolio_id: number; ticker: string; weight: number | null; shares: number | null },
): Promise<string | undefined> {
  return first(await run(db, 'add_stock', ADD_STOCK, [stock.portfolio_id, stock.ticker, stock.weight, stock.shares]));
}

/** Applies the given changes and returns the portfolio's new wire JSON, or undefined if it does not exist. */
export async function updatePortfolioJson(
  db: Knex,
  id: number,
  changes: { name?: string | undefined; description?: string | null | undefined },
): Promise<string | undefined> {
  return first(
    await run(db, 'update', UPDATE, [
      id,
      changes.name !== undefined,
      changes.name ?? null,
      changes.description !== undefined,
      changes.description ?? null,
    ]),
  );
}

/** One keyset page (id > cursor, by id, at most limit), each portfolio's wire JSON with its id. */
export async function portfolioPageJson(db: Knex, page: { cursor?: number; limit?: number }): Promise<{ id: number; json: string }[]> {
  const { rows } = await run(db, 'list_page', LIST_PAGE, [page.cursor ?? 0, page.limit ?? null]);
  return (rows as (JsonRow & { id: number })[]).map((row) => ({ id: row.id, json: normalise(row) }));
}

/**
 * Every portfolio's wire JSON in id order, one keyset page of at most `pageSize` at a time, so a
 * caller can send or write each page before the next is read (the whole list and the export stream
 * this way). Give it a transaction with a repeatable-read snapshot for one consistent picture.
 */
export async function* portfolioPagesJson(db: Knex, pageSize = 1000): AsyncGenerator<{ id: number; json: string }[]> {
  let cursor = 0;
  for (;;) {
    const rows = await portfolioPageJson(db, { cursor, limit: pageSize });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < pageSize) return;
    cursor = rows.at(-1)!.id;
  }
}

/**
 * The list's wire JSON: every portfolio, or one keyset page, of all portfolios or of those matching
 * `q` (name contains it, any case; a ticker starts with it).
 */
export async function portfolioListJson(db: Knex, page?: { limit?: number; cursor?: number; q?: string }): Promise<string> {
  const paged = page?.limit !== undefined || page?.cursor !== undefined;
  const q = page?.q?.trim();
  const { rows } = q
    ? await run(db, 'list_search', LIST_SEARCH, [page?.cursor ?? 0, `%${likeLiteral(q)}%`, `${likeLiteral(q.toUpperCase())}%`, page?.limit ?? null])
    : paged
      ? await run(db, 'list_page', LIST_PAGE, [page?.cursor ?? 0, page?.limit ?? null])
      : await run(db, 'list_all', LIST_ALL, []);
  let json = '[';
  let odd = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as JsonRow;
    json += i === 0 ? row.json : `,${row.json}`;
    odd ||= row.odd;
  }
  return normalise({ json: `${json}]`, odd });
}

/** For EXPLAIN in tests. */
export const readStatements = { byId: BY_ID, listPage: LIST_PAGE, listSearch: LIST_SEARCH };
