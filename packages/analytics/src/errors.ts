/**
 * An input the numbers cannot be computed from (a ticker without prices, an unreachable target, a
 * request above its compute budget…). The message is a sentence a person can act on; the API answers
 * it as a 422 problem. Anything else thrown from this package is a bug, not bad input.
 */
export class AnalyticsInputError extends Error {
  override readonly name = 'AnalyticsInputError';
  /** Where in the request the problem is (`target_volatility`, `weights.AAPL`…), when one field is to blame. */
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(message);
    this.path = path;
  }
}

/** Rounds for messages: enough digits to act on, not a wall of them. */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toPrecision(digits)).toString();
}
