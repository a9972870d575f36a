// Colour-blind-safe palette (Okabe–Ito, then Tableau) — ticker names are always printed beside it too.
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#4e79a7', '#9c755f', '#76b7b2'];

/**
 * A ticker's colour, from its name alone (FNV-1a hash): it keeps its colour when other holdings are
 * added or removed, and is the same in every portfolio and chart. Two tickers may share a colour; the
 * legend names each one.
 */
export function tickerColour(ticker: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ticker.length; i++) {
    hash ^= ticker.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length]!;
}
