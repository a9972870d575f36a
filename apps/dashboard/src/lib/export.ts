import type { Portfolio } from '@folio/contract';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from '@folio/contract/transfer';

/** Exports use the server's export file format, so `folio import` or the Import dialog take them back. */
export function exportDocument(portfolios: Portfolio[], now = new Date()): ExportDocument {
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exported_at: now.toISOString(), portfolios };
}

export function exportFileName(what: Portfolio | 'all', now = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  if (what === 'all') return `folio-portfolios-${day}.json`;
  const slug = what.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'portfolio';
  return `folio-portfolio-${what.id}-${slug}-${day}.json`;
}

export function downloadJson(fileName: string, data: unknown): void {
  downloadBlob(fileName, new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
}

/** Saves a file the page made (an export) through the browser's download. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
