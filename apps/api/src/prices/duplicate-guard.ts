// The same (ticker, date) twice in one upload is an error naming both places. Remembering every key
// of a 6 M-row upload in a Set would take hundreds of MB; one bit per (ticker, day) in 512-day blocks
// takes about 64 bytes per ticker-year. The guard knows only that a key came before, not where: the
// writer looks the first place up among the rows it has already copied.

const BLOCK_DAYS = 512;

export class DuplicatePriceError extends Error {
  constructor(
    readonly ticker: string,
    readonly date: string,
    readonly at: number,
  ) {
    super(`${ticker} on ${date} appears twice`);
  }
}

export class DuplicateGuard {
  private readonly seen = new Map<string, Map<number, Uint32Array>>();

  /** Notes (ticker, day); throws DuplicatePriceError if it was noted before. */
  add(ticker: string, day: number, date: string, at: number): void {
    let blocks = this.seen.get(ticker);
    if (!blocks) this.seen.set(ticker, (blocks = new Map()));
    const block = Math.floor(day / BLOCK_DAYS);
    let bits = blocks.get(block);
    if (!bits) blocks.set(block, (bits = new Uint32Array(BLOCK_DAYS / 32)));
    const offset = day - block * BLOCK_DAYS;
    const mask = 1 << (offset & 31);
    const word = offset >>> 5;
    if (bits[word]! & mask) throw new DuplicatePriceError(ticker, date, at);
    bits[word] = bits[word]! | mask;
  }

  /** Tickers seen so far, sorted. */
  tickers(): string[] {
    return [...this.seen.keys()].sort();
  }
}
