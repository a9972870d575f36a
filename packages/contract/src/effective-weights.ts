import { WEIGHT_SUM_TOLERANCE } from './weight-sum.js';

export interface WeightedHolding {
  weight: number | null;
}

export interface EffectiveWeights {
  /** one entry per holding, in input order */
  weights: number[];
  /** sum of explicit weights */
  explicitTotal: number;
  /** true when null-weight holdings exist but explicit weights leave nothing for them */
  starved: boolean;
}

/**
 * Explicit weights count as given; what they leave of 1 is split equally among null-weight holdings.
 * Shared by the dashboard (chart) and any client that wants the same reading of "null = equal weight".
 */
export function effectiveWeights(holdings: readonly WeightedHolding[]): EffectiveWeights {
  const explicitTotal = holdings.reduce((sum, h) => sum + (h.weight ?? 0), 0);
  const implicitCount = holdings.filter((h) => h.weight === null).length;
  const remainder = Math.max(0, 1 - explicitTotal);
  const share = implicitCount > 0 ? remainder / implicitCount : 0;
  return {
    weights: holdings.map((h) => h.weight ?? share),
    explicitTotal,
    starved: implicitCount > 0 && remainder <= WEIGHT_SUM_TOLERANCE,
  };
}
