import type { Knex } from 'knex';

/** As in 20261124000002. */
const WEIGHT_SUM_TOLERANCE = 1e-9;

// Found by the concurrency suite: parallel INSERTs into one portfolio deadlocked. Each INSERT's foreign-key
// check holds FOR KEY SHARE on the parent row; the trigger then asked for FOR UPDATE, which conflicts
// with every other inserter's KEY SHARE, so two inserters waited on each other until Postgres aborted one
// (40P01, a second later each time). FOR NO KEY UPDATE still serialises the portfolio's writers (it
// conflicts with itself) but not with KEY SHARE, and it is the lock the trigger's own
// `UPDATE portfolios SET updated_at` takes anyway.
function touchAndCheck(lock: 'FOR UPDATE' | 'FOR NO KEY UPDATE'): string {
  return `
    CREATE OR REPLACE FUNCTION folio_touch_and_check_portfolios() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      over record;
    BEGIN
      PERFORM 1 FROM portfolios
        WHERE id IN (SELECT DISTINCT portfolio_id FROM changed_stocks)
        ORDER BY id ${lock};
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
    END $$;`;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(touchAndCheck('FOR NO KEY UPDATE'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(touchAndCheck('FOR UPDATE'));
}
