/**
 * Float allowance on "a portfolio's explicit weights sum to at most 1" (0.1 + 0.2 + 0.7 passes). The
 * database's trigger (migration 20261124000002, shipped history) states the same 1e-9; a migration that
 * changes the trigger takes it from here.
 */
export const WEIGHT_SUM_TOLERANCE = 1e-9;
