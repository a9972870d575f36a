import type { Stock } from '@folio/contract';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { tickerColours } from '../lib/ticker-colour';
import { slicesOf, WeightsChart } from './weights-chart';

const stock = (id: number, ticker: string, weight: number | null): Stock => ({
  id,
  portfolio_id: 1,
  ticker,
  weight,
  shares: null,
  added_at: '2026-11-24T00:00:00.000Z',
});

describe('weights chart', () => {
  it('splits what explicit weights leave among the null-weight holdings', () => {
    const { slices, starvedTickers } = slicesOf([stock(1, 'AAPL', 0.4), stock(2, 'MSFT', null), stock(3, 'GOOG', null)]);
    expect(slices.map((s) => [s.label, s.fraction, s.basis])).toEqual([
      ['AAPL', 0.4, 'set'],
      ['MSFT', 0.3, 'equal share'],
      ['GOOG', 0.3, 'equal share'],
    ]);
    expect(starvedTickers).toEqual([]);
  });

  it('shows what no holding takes as unallocated', () => {
    const { slices } = slicesOf([stock(1, 'AAPL', 0.25), stock(2, 'MSFT', 0.25)]);
    expect(slices.at(-1)).toMatchObject({ label: 'Unallocated', fraction: 0.5 });
  });

  it('prints the numbers beside the donut and warns when null weights get nothing', () => {
    const html = renderToStaticMarkup(<WeightsChart stocks={[stock(1, 'AAPL', 1), stock(2, 'KO', null)]} />);
    expect(html).toContain('aria-label="Donut chart: AAPL 100.0%, KO 0.0%"');
    expect(html).toContain('Explicit weights leave nothing for KO (no weight set), so it gets 0%');
    expect(renderToStaticMarkup(<WeightsChart stocks={[]} />)).toContain('Add a holding to see');
  });
});

describe('ticker colours', () => {
  it('key the colour by ticker, not by its place in the list', () => {
    const a = slicesOf([stock(1, 'AAPL', 0.5), stock(2, 'MSFT', 0.5)]).slices;
    const b = slicesOf([stock(2, 'MSFT', 0.5), stock(1, 'AAPL', 0.5)]).slices;
    const colour = (slices: typeof a, t: string) => slices.find((s) => s.label === t)?.colour;
    expect(colour(a, 'AAPL')).toBe(colour(b, 'AAPL'));
    expect(colour(a, 'MSFT')).toBe(colour(b, 'MSFT'));
    expect(colour(a, 'AAPL')).not.toBe(colour(a, 'MSFT'));
  });

  it('give tickers drawn together different colours while the palette lasts', () => {
    const tickers = ['GOOG', 'AMZN', 'XOM', 'JPM', 'WMT', 'AAPL', 'MSFT', 'TSLA'];
    const colours = tickerColours(tickers);
    expect(new Set(colours.values()).size).toBe(tickers.length);
    expect(tickerColours([...tickers].reverse())).toEqual(colours);
  });

  it("keep a ticker's colour when another ticker drawn with it goes away", () => {
    const tickers = ['GOOG', 'AMZN', 'XOM', 'JPM', 'WMT', 'AAPL', 'MSFT', 'TSLA'];
    const before = tickerColours(tickers);
    for (const removed of tickers) {
      const after = tickerColours(tickers.filter((t) => t !== removed));
      for (const [ticker, colour] of after) expect(colour, `${ticker} after removing ${removed}`).toBe(before.get(ticker));
    }
  });
});
