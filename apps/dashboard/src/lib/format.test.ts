import { describe, expect, it } from 'vitest';
import { formatPercent, formatTimestamp, parseOptionalNumber, weightToText } from './format';

describe('parseOptionalNumber', () => {
  it('reads blanks as null, fractions and percentages as numbers', () => {
    expect(parseOptionalNumber('  ')).toBeNull();
    expect(parseOptionalNumber('0.25')).toBe(0.25);
    expect(parseOptionalNumber('25%')).toBe(0.25);
    expect(parseOptionalNumber(' 12.5 % ')).toBe(0.125);
  });

  it('leaves ranges to the server but refuses what is no number', () => {
    expect(parseOptionalNumber('1.5')).toBe(1.5);
    expect(parseOptionalNumber('-3')).toBe(-3);
    for (const text of ['abc', '%', '1,5', 'Infinity', '0x']) expect(parseOptionalNumber(text), text).toBeUndefined();
  });
});

describe('formatting', () => {
  it('prints percentages with one or two decimals and times in UTC', () => {
    expect(formatPercent(0.5)).toBe('50.0%');
    expect(formatPercent(1 / 3)).toBe('33.33%');
    expect(formatTimestamp('2026-11-24T18:05:00.000Z')).toBe('24 Nov 2026, 18:05 UTC');
  });

  it('shows weights as percentages that read back as the same weight', () => {
    expect(weightToText(null)).toBe('');
    expect(weightToText(0.25)).toBe('25%');
    expect(weightToText(0.07)).toBe('7%'); // not 7.000000000000001%
    for (const w of [0, 0.25, 0.07, 0.333333, 1]) expect(parseOptionalNumber(weightToText(w)), String(w)).toBeCloseTo(w, 12);
  });
});
