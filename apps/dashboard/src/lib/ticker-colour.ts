// One colour per ticker wherever it is drawn (donut, price lines, weight tables), so a ticker keeps its
// colour on every chart of a page and whatever order the holdings are listed in. Keyed by the ticker's
// text, not its position in a list.

// Colour-blind-safe palette (Okabe–Ito, then Tableau) — ticker names are always printed beside it too.
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a300', '#4e79a7', '#9c755f', '#76b7b2', '#59a14f', '#6a3d9a'];

/** FNV-1a of the ticker's text: its preferred palette entry. */
function preferredSlot(ticker: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < ticker.length; i++) {
    hash ^= ticker.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PALETTE.length;
}

/**
 * Palette entries already shown during this page's life. A ticker keeps its entry while other holdings
 * come and go (removing AAPL never recolours MSFT), until the page is reloaded.
 */
const shown = new Map<string, number>();

/**
 * Colours for a set of tickers drawn together. Tickers shown before keep their entry; a new ticker takes
 * its preferred entry, or the next free one if that is taken (new tickers visited in sorted order, so a
 * fresh page's answer depends on the set, never on the list's order). Past 12 tickers colours repeat;
 * the names are printed too.
 */
export function tickerColours(tickers: Iterable<string>): Map<string, string> {
  const taken = new Set<number>();
  const colours = new Map<string, string>();
  const fresh: string[] = [];
  for (const ticker of [...new Set(tickers)].sort()) {
    const slot = shown.get(ticker);
    if (slot === undefined || taken.has(slot)) {
      fresh.push(ticker);
      continue;
    }
    taken.add(slot);
    colours.set(ticker, PALETTE[slot]!);
  }
  for (const ticker of fresh) {
    if (taken.size >= PALETTE.length) taken.clear();
    let slot = preferredSlot(ticker);
    for (let probe = 0; probe < PALETTE.length && taken.has(slot); probe++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    shown.set(ticker, slot);
    colours.set(ticker, PALETTE[slot]!);
  }
  return colours;
}
