import type { Knex } from 'knex';

// The wire JSON of one portfolio, built by Postgres (see apps/api/src/services/portfolio-json-sql.ts
// and docs/performance.md for why and how it stays byte-identical to JSON.stringify), and the two
// benchmarked writes in one round trip each: write, then read the committed state with the write's
// trigger effects in a new snapshot, inside one statement, so the API neither pays four round trips
// (BEGIN, write, SELECT, COMMIT) nor changes what the response shows.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- LANGUAGE sql + STABLE + one SELECT: the planner inlines it, so callers get index scans.
    CREATE FUNCTION folio_portfolio_json(p_id integer) RETURNS TABLE (doc text, odd boolean)
    LANGUAGE sql STABLE AS $fn$
      SELECT (SELECT row_to_json(x)::text FROM (
                SELECT p.id, p.name, p.description,
                       to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
                       to_char(p.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated_at,
                       coalesce(st.stocks, '[]'::json) AS stocks) x),
             coalesce(st.odd, false)
      FROM portfolios p
      LEFT JOIN LATERAL (
        SELECT ('[' || string_agg(row_to_json(s)::text, ',' ORDER BY s.id) || ']')::json AS stocks,
               -- Doubles Postgres prints unlike JavaScript (1e-05, 1e+16, -0): the caller re-serialises.
               bool_or(((s.weight <> 0 AND (abs(s.weight) < 1e-4::float8 OR abs(s.weight) >= 1e15::float8))
                         OR (s.weight = 0 AND s.weight::text = '-0'))
                    OR ((s.shares <> 0 AND (abs(s.shares) < 1e-4::float8 OR abs(s.shares) >= 1e15::float8))
                         OR (s.shares = 0 AND s.shares::text = '-0'))) AS odd
        FROM (SELECT id, portfolio_id, ticker, weight, shares,
                     to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS added_at
              FROM portfolio_stocks WHERE portfolio_id = p.id) s
      ) st ON true
      WHERE p.id = p_id
    $fn$;

    -- Errors (unique ticker, missing portfolio, weight sum) surface with their usual SQLSTATE and
    -- constraint name. The read runs after the insert's statement triggers, in a new snapshot.
    CREATE FUNCTION folio_add_stock(p_portfolio_id integer, p_ticker varchar, p_weight double precision,
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
    CREATE FUNCTION folio_update_portfolio(p_id integer, p_set_name boolean, p_name varchar,
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
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP FUNCTION IF EXISTS folio_update_portfolio(integer, boolean, varchar, boolean, text);
    DROP FUNCTION IF EXISTS folio_add_stock(integer, varchar, double precision, double precision);
    DROP FUNCTION IF EXISTS folio_portfolio_json(integer);
  `);
}
