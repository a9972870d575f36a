import { describe, expect, it } from 'vitest';
import { describeFileErrors, describeFilePath, MAX_IMPORT_BYTES, readImportFile } from './import-file';

const doc = { portfolios: [{ name: 'Tech', stocks: [{ ticker: 'AAPL' }, { ticker: 'MSFT' }] }, { stocks: [] }] };

describe('import files', () => {
  it('counts what a file holds and refuses what is not JSON or too big', () => {
    expect(readImportFile('a.json', 10, JSON.stringify(doc))).toMatchObject({ ok: true, file: { portfolios: 2, holdings: 2 } });
    expect(readImportFile('a.json', 10, '{"x": 1}')).toMatchObject({ ok: true, file: { portfolios: 0, holdings: 0 } });
    const broken = readImportFile('b.json', 10, '{ "format": ');
    expect(broken.ok === false && broken.error).toMatch(/^b\.json is not JSON: /);
    const big = readImportFile('c.json', MAX_IMPORT_BYTES + 1, '{}');
    expect(big.ok === false && big.error).toMatch(/folio import/);
  });

  it('names the place of a problem with the file’s own names', () => {
    expect(describeFilePath('document.portfolios.0.stocks.1.weight', doc)).toBe('portfolio 1 (Tech), holding 2 (MSFT), weight');
    expect(describeFilePath('document.portfolios.1.name', doc)).toBe('portfolio 2, name');
    expect(describeFilePath('document.format', null)).toBe('format');
    expect(describeFilePath('document', doc)).toBe('the file');
    expect(
      describeFileErrors(
        [
          { path: 'document.version', message: 'Invalid input' },
          { path: 'document.portfolios.0.name', message: 'Name must not be empty' },
        ],
        doc,
      ),
    ).toBe('version: Invalid input\nportfolio 1 (Tech), name: Name must not be empty');
  });
});
