// The one date window every analysis on a portfolio page reads: 1, 3 or 5 years counted back from the
// latest price of the portfolio's tickers, all of their history, or dates the user types.

export type WindowKind = '1y' | '3y' | '5y' | 'all' | 'custom';

export interface WindowChoice {
  kind: WindowKind;
  /** only for `custom` (YYYY-MM-DD, either may be blank) */
  from?: string;
  to?: string;
}

export interface DateWindow {
  from?: string;
  to?: string;
}

export const WINDOW_LABELS: Record<WindowKind, string> = { '1y': '1 year', '3y': '3 years', '5y': '5 years', all: 'All', custom: 'Custom' };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `years` before an ISO date, same month and day (29 Feb falls back to 28 Feb). */
export function yearsBefore(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0); // 29 Feb → 28 Feb
  return date.toISOString().slice(0, 10);
}

/** The from/to an analysis is asked for; `latest` is the newest price date among the holdings. */
export function resolveWindow(choice: WindowChoice, latest: string | undefined): DateWindow {
  switch (choice.kind) {
    case 'all':
      return {};
    case 'custom': {
      const w: DateWindow = {};
      if (choice.from && ISO_DATE.test(choice.from)) w.from = choice.from;
      if (choice.to && ISO_DATE.test(choice.to)) w.to = choice.to;
      return w;
    }
    default: {
      if (!latest) return {};
      const years = Number(choice.kind.slice(0, 1));
      return { from: yearsBefore(latest, years), to: latest };
    }
  }
}
