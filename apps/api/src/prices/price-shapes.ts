// The three CSV shapes a price file comes in, told apart by its header line:
//   wide    date,AAPL,MSFT,…                    (pandas DataFrame.to_csv(); a blank cell = no price)
//   long    ticker|symbol,date,close[,adj_close] (any order and case; other columns ignored)
//   single  Date,Open,High,Low,Close[,Adj Close],Volume (Yahoo Finance, Stooq; the ticker is a parameter)
import { ImportFileError } from '../errors/index.js';
import { parsePrice, type CellReader, type PriceRecord } from './price-cells.js';

export type CsvShapeName = 'wide' | 'long' | 'single';

export interface CsvShape {
  name: CsvShapeName;
  /** Appends the prices of one data line to `out`; returns true when the line is a skipped `null` row. */
  read(cells: string[], line: number, out: PriceRecord[]): boolean;
}

/** `Adj Close`, `adj_close` and ` ADJ  CLOSE ` are one column. */
const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s_]+/g, '_');

const headerError = (reason: string) => new ImportFileError('header', reason, 1);

/** A missing optional price (Yahoo writes `null`, pandas writes nothing). */
const isBlank = (text: string) => text === '' || text.toLowerCase() === 'null';

export function shapeOf(header: string[], ticker: string | undefined, cells: CellReader): CsvShape {
  const names = header.map(normalise);
  const column = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
  const tickerColumn = column('ticker', 'symbol');
  const dateColumn = column('date');
  const closeColumn = column('close');
  const adjColumn = column('adj_close');

  if (tickerColumn !== -1 || closeColumn !== -1) {
    if (dateColumn === -1 || closeColumn === -1) {
      throw headerError('a price file with a ticker or close column also needs date and close columns');
    }
    if (tickerColumn !== -1) {
      if (ticker !== undefined) throw headerError('the file names its tickers in a column: leave out the ticker parameter');
      return longShape(header, { ticker: tickerColumn, date: dateColumn, close: closeColumn, adj: adjColumn }, cells);
    }
    if (ticker === undefined) {
      throw headerError('a single-ticker file (Date,…,Close,…) needs its ticker as a parameter (?ticker= or --ticker)');
    }
    return singleShape(header, ticker, { date: dateColumn, close: closeColumn, adj: adjColumn }, cells);
  }
  if (names[0] === 'date' || names[0] === '') {
    if (ticker !== undefined) throw headerError('the file names its tickers in the header: leave out the ticker parameter');
    return wideShape(header, cells);
  }
  throw headerError(
    'cannot tell the shape from the header: expected date,TICKER,… (wide), ticker,date,close (long) or Date,Open,High,Low,Close,… (Yahoo/Stooq)',
  );
}

interface Columns {
  date: number;
  close: number;
  adj: number;
}

function longShape(header: string[], at: Columns & { ticker: number }, cells: CellReader): CsvShape {
  const [tickerName, dateName, closeName] = [header[at.ticker]!, header[at.date]!, header[at.close]!];
  const adjName = at.adj === -1 ? '' : header[at.adj]!;
  return {
    name: 'long',
    read(row, line, out) {
      const date = row[at.date]!;
      const adj = at.adj === -1 ? '' : row[at.adj]!;
      out.push({
        ticker: cells.ticker(row[at.ticker]!, line, tickerName),
        date,
        day: cells.day(date, line, dateName),
        close: parsePrice(row[at.close]!, line, closeName),
        adj_close: isBlank(adj) ? null : parsePrice(adj, line, adjName),
        at: line,
      });
      return false;
    },
  };
}

function singleShape(header: string[], ticker: string, at: Columns, cells: CellReader): CsvShape {
  const [dateName, closeName] = [header[at.date]!, header[at.close]!];
  const adjName = at.adj === -1 ? '' : header[at.adj]!;
  return {
    name: 'single',
    read(row, line, out) {
      const date = row[at.date]!;
      const day = cells.day(date, line, dateName);
      const close = row[at.close]!;
      if (isBlank(close)) return true; // Yahoo's holiday rows: every price `null`
      const adj = at.adj === -1 ? '' : row[at.adj]!;
      out.push({
        ticker,
        date,
        day,
        close: parsePrice(close, line, closeName),
        adj_close: isBlank(adj) ? null : parsePrice(adj, line, adjName),
        at: line,
      });
      return false;
    },
  };
}

function wideShape(header: string[], cells: CellReader): CsvShape {
  const dateName = header[0] || 'date';
  const tickers = header.slice(1).map((name) => cells.ticker(name, 1, name));
  const seen = new Set<string>();
  for (const ticker of tickers) {
    if (seen.has(ticker)) throw headerError(`ticker ${ticker} heads two columns`);
    seen.add(ticker);
  }
  if (tickers.length === 0) throw headerError('a wide price file needs at least one ticker column after the date');
  return {
    name: 'wide',
    read(row, line, out) {
      const date = row[0]!;
      const day = cells.day(date, line, dateName);
      for (let i = 0; i < tickers.length; i++) {
        const text = row[i + 1]!;
        if (text === '') continue; // no price that day (listed later, delisted, a holiday)
        out.push({ ticker: tickers[i]!, date, day, close: parsePrice(text, line, header[i + 1]!), adj_close: null, at: line });
      }
      return false;
    },
  };
}
