import { describe, expect, it } from 'vitest';
import { tickerSchema, timestampSchema } from './index.js';

describe('tickerSchema', () => {
  it('upper-cases ASCII tickers', () => {
    expect(tickerSchema.parse(' brk.b ')).toBe('BRK.B');
    expect(tickerSchema.parse('^gspc')).toBe('^GSPC');
  });

  it('rejects non-ASCII letters before folding case (ı→I, ß→SS, ﬀ→FF would otherwise pass)', () => {
    for (const ticker of ['ıbm', 'ß', 'ﬀ', 'İBM', 'ＡＡＰＬ', 'aapl\u0301']) {
      expect(tickerSchema.safeParse(ticker).success, ticker).toBe(false);
    }
  });
});

describe('timestampSchema', () => {
  it('accepts years 0001–9999 in UTC with up to millisecond precision', () => {
    for (const ok of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-11-25T10:00:00.5+02:00', '9999-12-31T23:59:59+00:00']) {
      expect(timestampSchema.safeParse(ok).success, ok).toBe(true);
    }
  });

  it('rejects what would not read back: finer than milliseconds, outside 0001–9999 in UTC', () => {
    for (const bad of ['9999-12-31T23:59:59.9999999Z', '2026-01-01T00:00:00.0001Z', '9999-12-31T23:30:00-01:00', '0001-01-01T00:30:00+01:00', '0000-06-01T00:00:00Z']) {
      expect(timestampSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
