// prices.upsert over tRPC is bound by the server's general 1 MiB body limit. A whole price file (up to
// 64 MiB) goes through the REST route POST /api/prices instead, as text/csv.
import { FolioError, toFolioError } from './errors.js';
import type { ClientOptions } from './index.js';
import type { PriceImportReport, Problem } from './types.js';

export interface UploadPricesOptions {
  /** the ticker of a single-ticker (Yahoo Finance / Stooq) download */
  ticker?: string;
}

/**
 * Uploads a price CSV (wide `date,AAPL,…`, long `ticker,date,close[,adj_close]`, or a Yahoo/Stooq
 * download with `ticker`) in one all-or-nothing transaction; resolves with the import report and
 * rejects with a FolioError (e.g. 422 naming the line and column of the first bad cell).
 */
export async function uploadPricesCsv(
  client: Pick<ClientOptions, 'url' | 'token' | 'fetch'>,
  csv: string | Uint8Array | Blob,
  options: UploadPricesOptions = {},
): Promise<PriceImportReport> {
  const url = new URL(`${client.url.replace(/\/+$/, '')}/api/prices`);
  if (options.ticker !== undefined) url.searchParams.set('ticker', options.ticker);
  const fetchImpl = client.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...(client.token ? { authorization: `Bearer ${client.token}` } : {}) },
      body: csv as NonNullable<RequestInit['body']>,
    });
  } catch (error) {
    // Names the URL, like every other call of the SDK.
    throw toFolioError(error, url.toString());
  }
  const text = await response.text();
  if (response.ok) return JSON.parse(text) as PriceImportReport;
  let problem: Problem;
  try {
    problem = JSON.parse(text) as Problem;
  } catch {
    problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail: text || 'The request failed.' };
  }
  throw new FolioError(problem.status ?? response.status, problem, response.status);
}
