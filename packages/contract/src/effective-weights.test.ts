import { describe, expect, it } from 'vitest';
import { effectiveWeights } from './effective-weights.js';

describe('effectiveWeights', () => {
  it('splits the remainder equally among null weights', () => {
    const r = effectiveWeights([{ weight: 0.5 }, { weight: null }, { weight: null }]);
    expect(r.weights).toEqual([0.5, 0.25, 0.25]);
    expect(r.explicitTotal).toBe(0.5);
    expect(r.starved).toBe(false);
  });

  it('treats all-null as equal weight', () => {
    expect(effectiveWeights([{ weight: null }, { weight: null }, { weight: null }, { weight: null }]).weights).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });

  it('flags null holdings starved when explicit weights use everything', () => {
    const r = effectiveWeights([{ weight: 0.6 }, { weight: 0.4 }, { weight: null }]);
    expect(r.weights[2]).toBe(0);
    expect(r.starved).toBe(true);
  });

  it('is not starved without null holdings', () => {
    expect(effectiveWeights([{ weight: 1 }]).starved).toBe(false);
    expect(effectiveWeights([]).weights).toEqual([]);
  });
});
