// One colour per ticker wherever it is drawn (donut, price lines, weight bars), so AAPL is the same
// blue on every chart of every page. Keyed by the ticker's text, not its position in a list.

// Colour-blind-safe palette (Okabe–Ito, then Tableau) — ticker names are always printed beside it too.
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a300', '#4e79a7', '#9c755f', '#76b7b2'];

/** A stable colour for a ticker: FNV-1a of its text picks the palette entry. */
export function tickerColour(ticker: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ticker.length; i++) {
    hash ^= ticker.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return PALETTE[hash % PALETTE.length] ?? '#0072b2';
}
