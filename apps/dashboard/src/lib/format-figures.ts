// Money and return figures as the analysis views print them.
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent2 = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const ratio = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const shares = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/** Prices are in each instrument's own currency (no FX): figures carry no currency sign. */
export const formatMoney = (n: number) => money.format(n);
/** Two decimals of a percent, e.g. 0.01234 → "1.23%". */
export const formatPct = (fraction: number) => percent2.format(fraction);
/** Percentage points, signed: 0.0123 → "+1.23 pp". */
export const formatPp = (fraction: number) => `${fraction >= 0 ? '+' : '−'}${ratio.format(Math.abs(fraction) * 100)} pp`;
export const formatRatio = (n: number) => ratio.format(n);
export const formatShares = (n: number) => shares.format(n);
