// The contract's reading of "weight null = equal weight", for SDK users. The types are restated here
// because the published .d.ts may not name workspace packages; the assignment below type-checks them.
import { effectiveWeights as contractEffectiveWeights } from '@folio/contract/effective-weights';

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
 * Explicit weights count as given; what they leave of 1 is split equally among null-weight holdings
 * (the same reading as the dashboard's chart): `effectiveWeights(portfolio.stocks).weights`.
 */
export const effectiveWeights: (holdings: readonly WeightedHolding[]) => EffectiveWeights = contractEffectiveWeights;
