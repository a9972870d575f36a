import { AnalyticsInputError } from './errors.js';
import type { WeightBounds } from './mean-variance.js';

/** A finite number within [min, max], else a sentence naming the field. */
export function requireNumber(value: unknown, path: string, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AnalyticsInputError(`${path} must be a finite number (got ${String(value)}).`, path);
  }
  if (value < min || value > max) {
    const range = Number.isFinite(max) ? `between ${min} and ${max}` : `at least ${min}`;
    throw new AnalyticsInputError(`${path} must be ${range} (got ${value}).`, path);
  }
  return value;
}

export function requireInteger(value: unknown, path: string, min: number, max: number): number {
  const number = requireNumber(value, path, min, max);
  if (!Number.isInteger(number)) throw new AnalyticsInputError(`${path} must be a whole number (got ${number}).`, path);
  return number;
}

export function requireWeightBounds(bounds: WeightBounds): WeightBounds {
  const [lower, upper] = bounds;
  if (lower !== null) requireNumber(lower, 'weight_bounds[0]');
  if (upper !== null) requireNumber(upper, 'weight_bounds[1]');
  if (lower !== null && upper !== null && lower > upper) {
    throw new AnalyticsInputError(`weight_bounds [${lower}, ${upper}] has its lower bound above its upper bound.`, 'weight_bounds');
  }
  return [lower, upper];
}

/** Weights by ticker, finite; at least one ticker. */
export function requireWeights(weights: Record<string, number>): [string, number][] {
  const entries = Object.entries(weights);
  if (entries.length === 0) throw new AnalyticsInputError('Give at least one ticker weight.', 'weights');
  for (const [ticker, weight] of entries) requireNumber(weight, `weights.${ticker}`);
  return entries;
}
