// Colour-blind-safe palette (Okabe–Ito, then Tableau) — ticker names are always printed beside it too.
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#4e79a7', '#9c755f', '#76b7b2'];

/** Where in the palette a ticker's colour is, from its name alone (FNV-1a). */
function home(ticker: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ticker.length; i++) {
    hash ^= ticker.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PALETTE.length;
}

/**
 * Each ticker's colour, keyed by its name rather than its row: a ticker keeps its colour when other
 * holdings come or go and is the same in every portfolio. Two tickers whose names land on the same
 * colour take the next free one, in alphabetical order (so only a ticker that gave way can move).
 * Past ten holdings colours repeat; the legend names each one.
 */
export function tickerColours(tickers: readonly string[]): Map<string, string> {
  const colours = new Map<string, string>();
  const taken = new Set<number>();
  for (const ticker of [...new Set(tickers)].sort()) {
    let slot = home(ticker);
    for (let step = 0; step < PALETTE.length && taken.has(slot); step++) slot = (slot + 1) % PALETTE.length;
    if (taken.size < PALETTE.length) taken.add(slot);
    colours.set(ticker, PALETTE[slot]!);
  }
  return colours;
}
