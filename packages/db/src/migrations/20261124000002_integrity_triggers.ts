import type { Knex } from 'knex';

/** Explicit weights may round a hair over 1 (0.1 + 0.2 + 0.7); allow that much float noise. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

// Statement-level triggers with transition tables: a bulk insert touches each parent once, not per row.
// Locking the parent rows (in id order, so concurrent writers cannot deadlock) serialises writers of one
// portfolio, so the weight-sum check below sees every committed sibling and two racing edits cannot both
// pass it. The lock is FOR NO KEY UPDATE, not FOR UPDATE: each INSERT's foreign-key check already holds
// FOR KEY SHARE on the parent, and FOR UPDATE conflicts with every other inserter's KEY SHARE, so
// parallel inserts into one portfolio deadlocked (40P01; found by the concurrency suite). NO KEY UPDATE
// still conflicts with itself, and it is the lock the `UPDATE portfolios SET updated_at` takes anyway.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION folio_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.updated_at := now();
      RETURN NEW;
    END $$;

    CREATE TRIGGER portfolios_set_updated_at
      BEFORE UPDATE ON portfolios
      FOR EACH ROW EXECUTE FUNCTION folio_set_updated_at();

    CREATE FUNCTION folio_touch_and_check_portfolios() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      over record;
    BEGIN
      PERFORM 1 FROM portfolios
        WHERE id IN (SELECT DISTINCT portfolio_id FROM changed_stocks)
        ORDER BY id FOR NO KEY UPDATE;
      UPDATE portfolios SET updated_at = now()
        WHERE id IN (SELECT DISTINCT portfolio_id FROM changed_stocks);
      IF TG_OP <> 'DELETE' THEN
        SELECT s.portfolio_id, sum(s.weight) AS total INTO over
          FROM portfolio_stocks s
          WHERE s.portfolio_id IN (SELECT DISTINCT portfolio_id FROM changed_stocks)
            AND s.weight IS NOT NULL
          GROUP BY s.portfolio_id
          HAVING sum(s.weight) > 1 + ${WEIGHT_SUM_TOLERANCE}
          LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'explicit weights of portfolio % sum to %, above 1', over.portfolio_id, over.total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'portfolio_weights_sum_at_most_one';
        END IF;
      END IF;
      RETURN NULL;
    END $$;

    CREATE TRIGGER portfolio_stocks_after_insert
      AFTER INSERT ON portfolio_stocks REFERENCING NEW TABLE AS changed_stocks
      FOR EACH STATEMENT EXECUTE FUNCTION folio_touch_and_check_portfolios();
    CREATE TRIGGER portfolio_stocks_after_update
      AFTER UPDATE ON portfolio_stocks REFERENCING NEW TABLE AS changed_stocks
      FOR EACH STATEMENT EXECUTE FUNCTION folio_touch_and_check_portfolios();
    CREATE TRIGGER portfolio_stocks_after_delete
      AFTER DELETE ON portfolio_stocks REFERENCING OLD TABLE AS changed_stocks
      FOR EACH STATEMENT EXECUTE FUNCTION folio_touch_and_check_portfolios();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER IF EXISTS portfolio_stocks_after_delete ON portfolio_stocks;
    DROP TRIGGER IF EXISTS portfolio_stocks_after_update ON portfolio_stocks;
    DROP TRIGGER IF EXISTS portfolio_stocks_after_insert ON portfolio_stocks;
    DROP FUNCTION IF EXISTS folio_touch_and_check_portfolios();
    DROP TRIGGER IF EXISTS portfolios_set_updated_at ON portfolios;
    DROP FUNCTION IF EXISTS folio_set_updated_at();
  `);
}
