// Reads a price CSV as it arrives: csv-parse splits records (quotes, CRLF, a BOM), the header picks the
// shape, and prices leave in batches, so memory holds a batch and never the file.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ImportFileError } from '../errors/index.js';
import { CellReader, type PriceBatch, type PriceRecord } from './price-cells.js';
import { shapeOf, type CsvShape, type CsvShapeName } from './price-shapes.js';

export interface CsvReadOptions {
  /** the ticker of a single-ticker (Yahoo/Stooq) file */
  ticker?: string | undefined;
  /** prices per batch */
  batchSize?: number;
  /** told the shape once the header is read */
  onShape?: (shape: CsvShapeName) => void;
}

function fileError(err: CsvError): ImportFileError {
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  return new ImportFileError('row', `not valid CSV: ${err.message.replace(/ (on|at) line \d+.*$/, '')}`, line);
}

export async function* readPriceCsv(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, options: CsvReadOptions = {}): AsyncGenerator<PriceBatch> {
  const batchSize = options.batchSize ?? 10_000;
  const input = Readable.from(chunks, { objectMode: false });
  // Line numbers are counted here, not taken from csv-parse (its on_record/info contexts cost 4× the
  // parse itself): one record per line, plus the line breaks inside quoted cells. Empty lines come
  // through as [''] (so they are counted) and are passed over below.
  const parser = parse({
    bom: true,
    trim: true,
    // Checked below instead, in line order: the parser's own error can overtake records not yet read.
    relax_column_count: true,
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  const cells = new CellReader();
  let header: string[] | undefined;
  let shape: CsvShape | undefined;
  let rows: PriceRecord[] = [];
  let skipped = 0;
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      const at = line;
      for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) line++;
      if (record.length === 1 && record[0] === '') continue;
      if (!shape || !header) {
        header = record;
        shape = shapeOf(record, options.ticker, cells);
        options.onShape?.(shape.name);
        continue;
      }
      if (record.length !== header.length) {
        throw new ImportFileError('row', `has ${record.length} cells where the header has ${header.length}`, at);
      }
      if (shape.read(record, at, rows)) skipped++;
      if (rows.length >= batchSize) {
        yield { rows, skipped };
        rows = [];
        skipped = 0;
      }
    }
  } catch (err) {
    if (err instanceof CsvError) throw fileError(err);
    throw err;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (!header) throw new ImportFileError('file', 'is empty: expected a header line and prices');
  if (rows.length > 0 || skipped > 0) yield { rows, skipped };
}
