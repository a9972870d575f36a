import { AnalyticsInputError } from './errors.js';
import { frontier, type FrontierRequest, type FrontierResult } from './frontier.js';
import { monteCarlo, type MonteCarloRequest, type MonteCarloResult } from './monte-carlo.js';
import { optimize, type OptimizeRequest, type OptimizeResult } from './optimize.js';
import { rebalance, type RebalanceRequest, type RebalanceResult } from './rebalance.js';
import { risk, type RiskRequest, type RiskResult } from './risk.js';

/** One analysis as a plain, structured-cloneable object: what the API posts to a worker thread. */
export type AnalysisTask =
  | { kind: 'optimize'; request: OptimizeRequest }
  | { kind: 'frontier'; request: FrontierRequest }
  | { kind: 'risk'; request: RiskRequest }
  | { kind: 'monte_carlo'; request: MonteCarloRequest }
  | { kind: 'rebalance'; request: RebalanceRequest };

export interface AnalysisResults {
  optimize: OptimizeResult;
  frontier: FrontierResult;
  risk: RiskResult;
  monte_carlo: MonteCarloResult;
  rebalance: RebalanceResult;
}

/**
 * The answer or the input error, as data: an Error's class does not survive the structured clone
 * between a worker and the main thread, so bad input comes back as `{ ok: false, error }` (the API
 * answers 422 with its message) and only bugs are thrown.
 */
export type AnalysisOutcome<K extends AnalysisTask['kind'] = AnalysisTask['kind']> =
  | { ok: true; result: AnalysisResults[K] }
  | { ok: false; error: { message: string; path?: string } };

function compute(task: AnalysisTask): AnalysisResults[AnalysisTask['kind']] {
  switch (task.kind) {
    case 'optimize':
      return optimize(task.request);
    case 'frontier':
      return frontier(task.request);
    case 'risk':
      return risk(task.request);
    case 'monte_carlo':
      return monteCarlo(task.request);
    case 'rebalance':
      return rebalance(task.request);
  }
}

/** Runs one task; a worker module can `export default runAnalysisTask`. */
export function runAnalysisTask<K extends AnalysisTask['kind']>(task: Extract<AnalysisTask, { kind: K }>): AnalysisOutcome<K> {
  try {
    return { ok: true, result: compute(task) as AnalysisResults[K] };
  } catch (error) {
    if (error instanceof AnalyticsInputError) {
      return { ok: false, error: error.path === undefined ? { message: error.message } : { message: error.message, path: error.path } };
    }
    throw error;
  }
}
