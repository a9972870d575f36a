import { describe, expect, it } from 'vitest';
import { NormalGenerator } from '../src/random.js';
import { quantile, quantilesInPlace } from '../src/statistics.js';
import { normalQuantile } from '../src/normal.js';

describe('quantilesInPlace (quickselect)', () => {
  it('gives exactly what a full sort gives (numpy-linear, checked against numpy through VaR), ties included', () => {
    const random = new NormalGenerator(11);
    const levels = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
    for (const length of [1, 2, 3, 10, 101, 1_000, 4_096]) {
      const values = Float64Array.from({ length }, () => Math.round(random.normal() * 20) / 4); // many ties
      const expected = levels.map((level) => quantile(values, level));
      expect(quantilesInPlace(Float64Array.from(values), levels)).toEqual(expected);
    }
  });
});

describe('NormalGenerator', () => {
  it('draws standard normals: the share below Φ⁻¹(p) is p within 5 standard errors, 10⁶ draws', () => {
    const draws = new Float64Array(1_000_000);
    new NormalGenerator(2024).fill(draws);
    for (const p of [0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999]) {
      const z = normalQuantile(p);
      let below = 0;
      for (const x of draws) if (x < z) below++;
      expect(Math.abs(below / draws.length - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / draws.length));
    }
  });

  it('fill() continues the same sequence as normal()', () => {
    const bulk = new Float64Array(10_000);
    new NormalGenerator(5).fill(bulk);
    const single = new NormalGenerator(5);
    expect(Array.from(bulk)).toEqual(Array.from(bulk, () => single.normal()));
  });
});
