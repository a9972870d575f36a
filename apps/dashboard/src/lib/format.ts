const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 });
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export const formatPercent = (fraction: number) => percentFormat.format(fraction);
export const formatNumber = (n: number) => numberFormat.format(n);
/** Timestamps are shown in UTC, the zone the API speaks, so two analysts read the same time. */
export const formatTimestamp = (iso: string) => `${dateFormat.format(new Date(iso))} UTC`;

export const NOT_A_NUMBER = 'Enter a number such as 0.25 or 25%, or leave it blank';

/**
 * Text typed into an optional number field: blank means null (for weights, "equal share"), "25%"
 * means 0.25. Ranges are left to the server, so its rules and messages are the only ones. Returns
 * undefined for text that is no number at all: JSON would turn NaN into null and clear the value.
 */
export function parseOptionalNumber(text: string): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  const percent = t.endsWith('%');
  const n = Number(percent ? t.slice(0, -1).trim() : t);
  if (!Number.isFinite(n) || (percent && t.length === 1)) return undefined;
  return percent ? n / 100 : n;
}

export const numberToText = (n: number | null) => (n === null ? '' : String(n));

/** A weight as the percentage people read (0.25 → "25%"), to 6 decimals; blank for "equal share". */
export const weightToText = (w: number | null) => (w === null ? '' : `${Number((w * 100).toFixed(6))}%`);
