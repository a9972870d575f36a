// CSV for spreadsheets. A cell starting with = + - @ (or a tab/CR) is run as a formula by Excel,
// LibreOffice and Sheets (OWASP "CSV injection"): such cells get a leading apostrophe, which the
// spreadsheet shows as text. Numbers are written as numbers, so a negative trade stays a number.

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
