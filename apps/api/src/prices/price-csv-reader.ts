// Reads a price CSV as it arrives: csv-parse splits records (quotes, CRLF, a BOM), the header picks the
// shape, and prices leave in batches, so memory holds a batch and never the file.
import { Readable } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
import { ImportFileError } from '../services/import-checks.js';
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

interface CsvLine {
  cells: string[];
  line: number;
}

function fileError(err: CsvError): ImportFileError {
  const line = typeof err.lines === 'number' ? err.lines : undefined;
  return new ImportFileError('row', `not valid CSV: ${err.message.replace(/ (on|at) line \d+.*$/, '')}`, line);
}

export async function* readPriceCsv(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, options: CsvReadOptions = {}): AsyncGenerator<PriceBatch> {
  const batchSize = options.batchSize ?? 10_000;
  const input = Readable.from(chunks, { objectMode: false });
  const parserOptions: Options<CsvLine, string[]> = {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    // Checked below instead, in line order: the parser's own error can overtake records not yet read.
    relax_column_count: true,
    on_record: (cells, context) => ({ cells, line: context.lines }),
  };
  // csv-parse's overloads without `columns` type records as string[]; on_record makes them CsvLines.
  const parser = parse(parserOptions as unknown as Options);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);

  const cells = new CellReader();
  let header: string[] | undefined;
  let shape: CsvShape | undefined;
  let rows: PriceRecord[] = [];
  let skipped = 0;
  try {
    for await (const record of parser as AsyncIterable<CsvLine>) {
      if (!shape) {
        header = record.cells;
        shape = shapeOf(record.cells, options.ticker, cells);
        options.onShape?.(shape.name);
        continue;
      }
      if (record.cells.length !== header!.length) {
        throw new ImportFileError('row', `has ${record.cells.length} cells where the header has ${header!.length}`, record.line);
      }
      if (shape.read(record.cells, record.line, rows)) skipped++;
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
