// Reads that return the wire JSON of portfolios built by Postgres in ONE parameterised statement,
// whatever the number of portfolios or stocks. The text is byte-identical to JSON.stringify of the
// contract's objects (see test/queries.test.ts), so REST can send it and the cache can store it as is.
import type { Knex } from '@folio/db';

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
const PORTFOLIO_JSON = `(SELECT row_to_json(x)::text FROM (
            SELECT p.id, p.name, p.description,
                   ${iso('p.created_at')} AS created_at, ${iso('p.updated_at')} AS updated_at,
                   coalesce(st.stocks, '[]'::json) AS stocks) x) AS json,
         coalesce(st.odd, false) AS odd`;

/** A page: the stocks of each portfolio through the (portfolio_id, …) index. */
const portfolioRows = `
  SELECT p.id, ${PORTFOLIO_JSON}
  FROM portfolios p
  LEFT JOIN LATERAL (
    SELECT ${STOCKS_JSON}
    FROM (SELECT ${STOCK_COLUMNS} FROM portfolio_stocks WHERE portfolio_id = p.id) s
  ) st ON true`;

/** Every portfolio: one pass over each table and a hash join, so the cost grows linearly. */
const allPortfolioRows = `
  SELECT p.id, ${PORTFOLIO_JSON}
  FROM portfolios p
  LEFT JOIN (
    SELECT s.portfolio_id, ${STOCKS_JSON}
    FROM (SELECT ${STOCK_COLUMNS} FROM portfolio_stocks) s
    GROUP BY s.portfolio_id
  ) st ON st.portfolio_id = p.id`;

// The same JSON for one portfolio lives in the database (migration 20261124000010), so that adding a
// stock can return it in the same round trip; the test compares all of them byte for byte.
const BY_ID = 'SELECT doc AS json, odd FROM folio_portfolio_json(?)';
const ADD_STOCK = 'SELECT doc AS json, odd FROM folio_add_stock(?, ?, ?, ?)';

const UPDATE = 'SELECT doc AS json, odd FROM folio_update_portfolio(?, ?, ?, ?, ?)';

// One row per portfolio, joined in Node, rather than one 12 MB row: node-pg's parser keeps a
// connection's receive buffer at the largest message it has seen. (Measured RSS after three
// whole-list reads was about the same either way, 267 vs 272 MB: V8's heap dominates.)
const LIST_ALL = `${allPortfolioRows} ORDER BY p.id`;
const LIST_PAGE = `${portfolioRows} WHERE p.id > ? ORDER BY p.id LIMIT ?`;
// A search: names containing q (any case) or holding a ticker that starts with it. Each side is a
// index scan (trigram GIN on names, pattern B-tree on tickers: migration 20261125000020); LIMIT NULL = all.
const LIST_SEARCH = `${portfolioRows}
  WHERE p.id > ? AND p.id IN (SELECT id FROM portfolios WHERE name ILIKE ?
                              UNION SELECT portfolio_id FROM portfolio_stocks WHERE ticker LIKE ?)
  ORDER BY p.id LIMIT ?`;

/** LIKE's wildcards and escape character, taken literally. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface JsonRow {
  json: string;
  odd: boolean;
}

const normalise = (row: JsonRow) => (row.odd ? JSON.stringify(JSON.parse(row.json)) : row.json);

/**
 * Named, so each pooled connection parses and plans the statement once: planning these statements
 * costs several times their execution (measured in docs/performance.md).
 */
const run = (db: Knex, name: string, sql: string, bindings: readonly unknown[]) =>
  db.raw<{ rows: JsonRow[] }>(sql, bindings as never).options({ name: `folio_${name}` });

/** The portfolio's wire JSON, or undefined when it does not exist. */
export async function portfolioJson(db: Knex, id: number): Promise<string | undefined> {
  const { rows } = await run(db, 'by_id', BY_ID, [id]);
  const row = rows[0];
  return row ? normalise(row) : undefined;
}

/** Inserts a stock and returns its portfolio's new wire JSON, in one statement. */
export async function addStockJson(
  db: Knex,
  stock: { portfolio_id: number; ticker: string; weight: number | null; shares: number | null },
): Promise<string | undefined> {
  const { rows } = await run(db, 'add_stock', ADD_STOCK, [stock.portfolio_id, stock.ticker, stock.weight, stock.shares]);
  const row = rows[0];
  return row ? normalise(row) : undefined;
}

/** Applies the given changes and returns the portfolio's new wire JSON, or undefined if it does not exist. */
export async function updatePortfolioJson(
  db: Knex,
  id: number,
  changes: { name?: string | undefined; description?: string | null | undefined },
): Promise<string | undefined> {
  const { rows } = await run(db, 'update', UPDATE, [
    id,
    changes.name !== undefined,
    changes.name ?? null,
    changes.description !== undefined,
    changes.description ?? null,
  ]);
  const row = rows[0];
  return row ? normalise(row) : undefined;
}

/**
 * The list's wire JSON: every portfolio, or one keyset page (id > cursor, by id, at most limit),
 * of all portfolios or of those matching `q` (name contains it, any case; a ticker starts with it).
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

/** For EXPLAIN in tests and the benchmark report. */
export const readStatements = { byId: BY_ID, listAll: LIST_ALL, listPage: LIST_PAGE, listSearch: LIST_SEARCH, update: UPDATE, addStock: ADD_STOCK };
