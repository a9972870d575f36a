import type { FieldError } from '@folio/contract';

/** tRPC requests share the server's general 1 MiB body limit; bigger files go through the CLI or REST. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export interface ImportFile {
  name: string;
  /** the parsed JSON, sent as it is: the server's schema is the judge of it */
  document: unknown;
  portfolios: number;
  holdings: number;
}

type Parsed = { ok: true; file: ImportFile } | { ok: false; error: string };

export function readImportFile(name: string, size: number, text: string): Parsed {
  if (size > MAX_IMPORT_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      error: `${name} is ${mb} MB; the dashboard can send up to 1 MB. Use \`pnpm folio import\` or POST /api/import for bigger files.`,
    };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${name} is not JSON: ${(err as Error).message}` };
  }
  const list = (document as { portfolios?: unknown } | null)?.portfolios;
  const portfolios = Array.isArray(list) ? list : [];
  const holdings = portfolios.reduce<number>((n, p) => n + (Array.isArray(p?.stocks) ? p.stocks.length : 0), 0);
  return { ok: true, file: { name, document, portfolios: portfolios.length, holdings } };
}

/**
 * "document.portfolios.2.stocks.0.weight" → "portfolio 3 (“Tech”), holding 1 (AAPL), weight": where in
 * the file a problem is, in the file's own names where it has them.
 */
export function describeFilePath(path: string, document: unknown): string {
  const parts = path.split('.');
  if (parts[0] === 'document') parts.shift();
  const words: string[] = [];
  let node: unknown = document;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i] ?? '';
    const index = Number(parts[i + 1]);
    if ((key === 'portfolios' || key === 'stocks') && Number.isInteger(index)) {
      node = (node as Record<string, unknown[]> | null)?.[key]?.[index];
      const label = key === 'portfolios' ? (node as { name?: unknown })?.name : (node as { ticker?: unknown })?.ticker;
      const what = key === 'portfolios' ? 'portfolio' : 'holding';
      words.push(typeof label === 'string' && label ? `${what} ${index + 1} (${label})` : `${what} ${index + 1}`);
      i++;
    } else {
      words.push(key);
      node = (node as Record<string, unknown> | null)?.[key];
    }
  }
  return words.join(', ') || 'the file';
}

export function describeFileErrors(errors: readonly FieldError[], document: unknown): string {
  return errors.map((e) => `${describeFilePath(e.path, document)}: ${e.message}`).join('\n');
}
