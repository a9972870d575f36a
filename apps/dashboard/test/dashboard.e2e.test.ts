// End to end in headless Chromium against the real API on real Postgres: what an analyst does.
import { readFile } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Portfolio } from '@folio/contract';
import type { ExportDocument } from '@folio/contract/transfer';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiKeyStore } from '@folio/api';
import { artifactsDir, holdings, startHarness, type Harness, type WatchedPage } from './harness.js';

let h: Harness;
/** the "Export all" download of the list test, imported back later */
let exportAllFile = '';
beforeAll(async () => {
  h = await startHarness();
}, 300_000); // may include `apt-get install chromium` on a fresh machine
afterAll(async () => {
  await h?.close();
});

/** A deadline against a hang, not a timing: a loaded 2-core machine renders many times slower. */
const WAIT = { timeout: 60_000 };

/** The percentage the chart's legend prints beside a ticker. */
function legendValue(page: Page, label: string) {
  return page
    .getByRole('list', { name: 'Effective weight of each holding' })
    .getByRole('listitem')
    .filter({ hasText: label })
    .locator('.chart__value')
    .textContent();
}

/** The text of whatever a control's aria-describedby points at (its hint and error). */
async function description(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

async function addHolding(page: Page, ticker: string, weight = '', shares = '') {
  const form = page.getByRole('form', { name: 'Add a holding' });
  await form.getByLabel('Ticker').fill(ticker);
  await form.getByLabel('Weight (optional)').fill(weight);
  await form.getByLabel('Shares (optional)').fill(shares);
  await form.getByRole('button', { name: 'Add holding' }).click();
}

describe('dashboard, 1280×800', () => {
  let w: WatchedPage;
  let portfolioUrl: string;
  beforeAll(async () => {
    w = await h.open();
  });

  test('an empty Folio says so and offers to create the first portfolio', async () => {
    await w.page.goto(h.url);
    await w.page.getByText('No portfolios yet.').waitFor(WAIT);
    expect(await w.page.getByRole('button', { name: 'Create the first portfolio' }).isVisible()).toBe(true);
    expect(await w.page.title()).toBe('Portfolios · Folio');
    w.assertClean();
  });

  test('a rule broken on create shows on the field, then the portfolio is created', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'New portfolio' }).click();
    const form = page.getByRole('form', { name: 'New portfolio' });
    await form.getByLabel('Name').fill('   ');
    await form.getByRole('button', { name: 'Create portfolio' }).click();
    await form.getByText('Name must not be empty').waitFor(WAIT);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await description(form.getByLabel('Name'))).toContain('Name must not be empty');

    await form.getByLabel('Name').fill('Global Tech');
    await form.getByLabel('Description (optional)').fill('Large-cap technology, rebalanced quarterly');
    await form.getByRole('button', { name: 'Create portfolio' }).click();
    await page.waitForURL(/\/portfolios\/\d+$/, WAIT);
    await page.getByRole('heading', { level: 1, name: 'Global Tech' }).waitFor(WAIT);
    portfolioUrl = page.url();
    expect(await page.getByText('No holdings yet.').isVisible()).toBe(true);
    // tRPC answers a failed input parse with HTTP 400 even where the problem inside says 422
    w.assertClean([400, 422]);
  });

  test('three holdings are added and the chart splits what explicit weights leave', async () => {
    const { page } = w;
    await addHolding(page, 'AAPL', '0.5', '10');
    await holdings(page).getByRole('rowheader', { name: 'AAPL' }).waitFor(WAIT);
    await addHolding(page, 'msft', '', '25');
    await holdings(page).getByRole('rowheader', { name: 'MSFT' }).waitFor(WAIT);
    await addHolding(page, 'GOOG');
    await holdings(page).getByRole('rowheader', { name: 'GOOG' }).waitFor(WAIT);

    expect(await page.getByRole('heading', { name: 'Holdings (3)' }).isVisible()).toBe(true);
    expect(await legendValue(page, 'AAPL')).toBe('50.0%');
    expect(await legendValue(page, 'MSFT')).toBe('25.0%');
    expect(await legendValue(page, 'GOOG')).toBe('25.0%');
    // the form is emptied and ready for the next ticker
    expect(await page.getByLabel('Ticker').inputValue()).toBe('');
    w.assertClean();
  });

  test('editing a weight in place changes the chart', async () => {
    const { page } = w;
    const weight = page.getByLabel('Weight of AAPL');
    await weight.fill('80%');
    await weight.press('Enter');
    await expect.poll(() => legendValue(page, 'AAPL'), WAIT).toBe('80.0%');
    expect(await legendValue(page, 'MSFT')).toBe('10.0%');
    expect(await legendValue(page, 'GOOG')).toBe('10.0%');
    expect(await page.getByLabel('Weight of AAPL').inputValue()).toBe('80%'); // shown as typed: a percentage

    const shares = page.getByLabel('Shares of MSFT');
    await shares.fill('30');
    await shares.press('Tab'); // leaving the field saves too
    await expect.poll(async () => (await h.api<Portfolio>('GET', apiPath(portfolioUrl))).stocks[1]?.shares, WAIT).toBe(30);
    await w.screenshot('dashboard-portfolio');
    w.assertClean();
  });

  test('server rules show next to the field that broke them', async () => {
    const { page } = w;
    // 409: the ticker is already held
    await addHolding(page, 'AAPL');
    const ticker = page.getByRole('form', { name: 'Add a holding' }).getByLabel('Ticker');
    await page.getByText('AAPL is already in this portfolio').waitFor(WAIT);
    expect(await ticker.getAttribute('aria-invalid')).toBe('true');
    expect(await description(ticker)).toContain('AAPL is already in this portfolio');

    // 422: explicit weights would sum past 1 (0.8 + 0.5); the chart keeps the saved state
    const msft = page.getByLabel('Weight of MSFT');
    await msft.fill('0.5');
    await msft.press('Enter');
    await page.getByText('Explicit weights of a portfolio must sum to at most 1').waitFor(WAIT);
    expect(await msft.getAttribute('aria-invalid')).toBe('true');
    expect(await description(msft)).toContain('must sum to at most 1');
    expect(await legendValue(page, 'MSFT')).toBe('10.0%');
    await w.screenshot('dashboard-portfolio-errors');

    // Escape undoes the edit and clears the message
    await msft.press('Escape');
    expect(await msft.inputValue()).toBe('');
    expect(await msft.getAttribute('aria-invalid')).toBeNull();

    // 422 from the schema: a weight out of range on the add form
    await addHolding(page, 'NVDA', '1.5');
    const addWeight = page.getByRole('form', { name: 'Add a holding' }).getByLabel('Weight (optional)');
    await page.getByText('Weight must be between 0 and 1').waitFor(WAIT);
    expect(await description(addWeight)).toContain('Weight must be between 0 and 1');
    // text that is no number never reaches the server (JSON would turn NaN into null)
    await addHolding(page, 'NVDA', 'lots');
    await page.getByText('Enter a number such as 0.25 or 25%, or leave it blank').waitFor(WAIT);
    w.assertClean([400, 409, 422]);
  });

  test('explicit weights that leave nothing for equal-weight holdings are flagged', async () => {
    const { page } = w;
    const msft = page.getByLabel('Weight of MSFT');
    await msft.fill('0.2');
    await msft.press('Enter');
    await page.getByText(/Explicit weights leave nothing for GOOG/).waitFor(WAIT);
    expect(await legendValue(page, 'GOOG')).toBe('0.0%');
    w.assertClean();
  });

  test('a holding is removed, and the page survives a reload', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Remove GOOG' }).click();
    await page.getByRole('dialog', { name: 'Remove GOOG?' }).getByRole('button', { name: 'Remove holding' }).click();
    await holdings(page).getByRole('rowheader', { name: 'GOOG' }).waitFor({ state: 'detached', ...WAIT });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Global Tech' }).waitFor(WAIT);
    await page.getByRole('heading', { name: 'Holdings (2)' }).waitFor(WAIT);
    expect(await holdings(page).getByRole('rowheader', { name: 'GOOG' }).count()).toBe(0);
    expect(await page.getByText(/Explicit weights leave nothing/).count()).toBe(0);
    w.assertClean();
  });

  test('export downloads the portfolio as the API’s JSON', async () => {
    const { page } = w;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export as JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^folio-portfolio-\d+-global-tech-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as ExportDocument;
    expect(exported).toMatchObject({ format: 'folio-export', version: 1 });
    expect(exported.portfolios).toEqual([await h.api<Portfolio>('GET', apiPath(portfolioUrl))]);
    w.assertClean();
  });

  test('the list searches by name or ticker and sorts', async () => {
    const { page } = w;
    await seed(h, 'Dividend Income', 'Utilities and staples', ['KO', 'PG', 'DUK', 'SO', 'PEP']);
    await seed(h, 'Bonds & Cash', null, ['BND']);
    await page.getByRole('link', { name: '← All portfolios' }).click();
    await page.getByRole('heading', { level: 1, name: 'Portfolios' }).waitFor(WAIT);
    // a client-side page change moves focus to the new page, as a page load would
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    const names = () => page.locator('table.portfolios tbody th').allTextContents();
    await expect.poll(names, WAIT).toHaveLength(3);
    expect(await names()).toEqual(['Bonds & Cash', 'Dividend Income', 'Global Tech']); // last updated first

    const search = page.getByRole('searchbox', { name: 'Search by name or ticker' });
    await search.fill('msft');
    await expect.poll(names, WAIT).toEqual(['Global Tech']);
    await search.fill('income');
    await expect.poll(names, WAIT).toEqual(['Dividend Income']);
    await search.fill('zzz');
    await page.getByText('No portfolio has a name or ticker matching “zzz”.').waitFor(WAIT);
    await search.fill('');

    await page.getByLabel('Sort by').selectOption({ label: 'Number of holdings, most first' });
    await expect.poll(names, WAIT).toEqual(['Dividend Income', 'Global Tech', 'Bonds & Cash']);
    expect(page.url()).toContain('sort=holdings');
    const row = page.getByRole('row').filter({ hasText: 'Global Tech' });
    expect(await row.getByRole('cell').nth(1).textContent()).toMatch(/^2/);
    await w.screenshot('dashboard-list');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export all as JSON' }).click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as ExportDocument;
    expect(exported.portfolios.map((p) => p.name).sort()).toEqual(['Bonds & Cash', 'Dividend Income', 'Global Tech']);
    exportAllFile = (await download.path())!;
    w.assertClean();
  });

  test('deleting a portfolio names what goes with it', async () => {
    const { page } = w;
    await page.getByRole('link', { name: 'Global Tech' }).click();
    await page.getByRole('button', { name: 'Delete portfolio' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Global Tech”?' });
    await dialog.waitFor(WAIT);
    expect(await dialog.textContent()).toContain('and its 2 holdings (AAPL, MSFT)');
    await w.screenshot('dashboard-delete-dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });

    await page.getByRole('button', { name: 'Delete portfolio' }).click();
    await dialog.getByRole('button', { name: 'Delete portfolio' }).click();
    await page.waitForURL(`${h.url}/`, WAIT);
    await expect.poll(() => page.locator('table.portfolios tbody th').allTextContents(), WAIT).toEqual([
      'Bonds & Cash',
      'Dividend Income',
    ]);
    const gone = await fetch(`${h.url}${apiPath(portfolioUrl)}`);
    expect(gone.status).toBe(404);
    w.assertClean();
  });
});

describe('dashboard, other entrances', () => {
  test('works on a 390 px screen without sideways scrolling', async () => {
    const w = await h.open({ width: 390, height: 844 });
    const { page } = w;
    const p = await seed(h, 'Phone Check', 'Narrow layout', ['AAPL', 'BRK.B', '^GSPC']);
    await h.api('PATCH', `/api/portfolios/${p.id}/stocks/${p.stocks[0]!.id}`, { weight: 0.4 });
    await page.goto(h.url);
    await page.getByRole('link', { name: 'Phone Check' }).waitFor(WAIT);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    expect(await page.getByRole('button', { name: 'New portfolio' }).isVisible()).toBe(true);
    await w.screenshot('dashboard-list-390');

    await page.getByRole('link', { name: 'Phone Check' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phone Check' }).waitFor(WAIT);
    expect(await overflow()).toBe(0);
    expect(await page.getByLabel('Weight of BRK.B').isVisible()).toBe(true);
    expect(await legendValue(page, '^GSPC')).toBe('30.0%');
    await w.screenshot('dashboard-portfolio-390');
    w.assertClean();
  });

  test('name and description are edited in place, with the server’s rules on the fields', async () => {
    const w = await h.open();
    const { page } = w;
    const p = await seed(h, 'Renamed Soon', 'An old description', []);
    await page.goto(`${h.url}/portfolios/${p.id}`);
    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Edit Renamed Soon' });
    await form.getByLabel('Name').fill('x'.repeat(201));
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.getByText('Name must be at most 200 characters').waitFor(WAIT);
    expect(await description(form.getByLabel('Name'))).toContain('Name must be at most 200 characters');

    await form.getByLabel('Name').fill('Core Holdings');
    await form.getByLabel('Description (optional)').fill('');
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('heading', { level: 1, name: 'Core Holdings' }).waitFor(WAIT);
    const saved = await h.api<Portfolio>('GET', `/api/portfolios/${p.id}`);
    expect(saved).toMatchObject({ name: 'Core Holdings', description: null });
    expect(await page.title()).toBe('Core Holdings · Folio');
    w.assertClean([400, 422]);
  });

  test('a removal the server refuses puts the holding back and says why', async () => {
    const w = await h.open();
    const { page, context } = w;
    const p = await seed(h, 'Sticky', null, ['BND', 'TLT']);
    await context.route('**/trpc/portfolio.removeStock**', (route) => {
      const problem = { type: 'https://folio.dev/problems/503', title: 'Service Unavailable', status: 503, detail: 'The database is unavailable right now; try again shortly.' };
      const error = { message: problem.detail, code: -32603, data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, problem } };
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify([{ error }]) });
    });
    await page.goto(`${h.url}/portfolios/${p.id}`);
    await page.getByRole('button', { name: 'Remove TLT' }).click();
    await page.getByRole('dialog', { name: 'Remove TLT?' }).getByRole('button', { name: 'Remove holding' }).click();
    await page.getByText('Could not remove TLT, so it is back in the table: The database is unavailable').waitFor(WAIT);
    // the holdings table's row (the Value tab below lists TLT too)
    expect(await page.getByRole('table', { name: /^Holdings of/ }).getByRole('rowheader', { name: 'TLT' }).isVisible()).toBe(true);
    expect((await h.api<Portfolio>('GET', `/api/portfolios/${p.id}`)).stocks).toHaveLength(2);
    w.assertClean([503]);
  });

  test('an exported file imports back: checked first, then loaded', async () => {
    const w = await h.open();
    const { page } = w;
    expect(exportAllFile).not.toBe('');
    const bonds = (await h.api<Portfolio[]>('GET', '/api/portfolios')).find((p) => p.name === 'Bonds & Cash')!;
    await h.api('DELETE', `/api/portfolios/${bonds.id}`);

    await page.goto(h.url);
    await page.getByRole('button', { name: 'Import JSON…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import portfolios' });
    await dialog.getByLabel('Folio export file (JSON)').setInputFiles(exportAllFile);
    await dialog.getByText('In this file: 3 portfolios, 8 holdings').waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Check file' }).click();
    const report = dialog.getByRole('status');
    await report.getByText('What the import would do (nothing written yet)').waitFor(WAIT);
    const portfoliosRow = report.getByRole('row').filter({ hasText: 'Portfolios' });
    // Global Tech (deleted by an earlier test) and Bonds & Cash come back; nothing is deleted
    const [created, , , deleted] = await portfoliosRow.getByRole('cell').allTextContents();
    expect([created, deleted]).toEqual(['2', '0']);
    expect((await h.api<Portfolio[]>('GET', '/api/portfolios')).some((p) => p.name === 'Bonds & Cash')).toBe(false);
    await w.screenshot('dashboard-import');

    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await report.getByText('Imported').waitFor(WAIT);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Bonds & Cash' }).waitFor(WAIT);
    await page.getByRole('link', { name: 'Global Tech' }).waitFor(WAIT);
    w.assertClean();
  });

  test('an import the server refuses says where in the file', async () => {
    const w = await h.open();
    const { page } = w;
    const bad = path.join(artifactsDir, 'bad-import.json');
    const doc = {
      format: 'folio-export',
      version: 1,
      exported_at: new Date().toISOString(),
      portfolios: [{ id: 900, name: 'Too Heavy', stocks: [{ ticker: 'AAPL', weight: 0.5 }, { ticker: 'MSFT', weight: 1.5 }] }],
    };
    await writeFile(bad, JSON.stringify(doc));
    const notJson = path.join(artifactsDir, 'not-json.json');
    await writeFile(notJson, '{ "format": ');

    await page.goto(h.url);
    await page.getByRole('button', { name: 'Import JSON…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import portfolios' });
    const input = dialog.getByLabel('Folio export file (JSON)');
    await input.setInputFiles(notJson);
    await dialog.getByText('not-json.json is not JSON').waitFor(WAIT);
    expect(await dialog.getByRole('button', { name: 'Check file' }).isDisabled()).toBe(true);

    await input.setInputFiles(bad);
    await dialog.getByRole('button', { name: 'Check file' }).click();
    await dialog.getByText('portfolio 1 (Too Heavy), holding 2 (MSFT), weight: Weight must be between 0 and 1').waitFor(WAIT);
    expect(await description(input)).toContain('holding 2 (MSFT), weight');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    w.assertClean([400, 422]);
  });

  test('a deep link to a missing portfolio says so', async () => {
    const w = await h.open();
    await w.page.goto(`${h.url}/portfolios/999999`);
    await w.page.getByRole('heading', { level: 1, name: 'Portfolio not found' }).waitFor(WAIT);
    expect(await w.page.getByRole('alert').textContent()).toContain('Portfolio 999999 does not exist.');
    w.assertClean([404]);
  });

  test('a 401 asks for an API key, which is kept and sent as a bearer token', async () => {
    const w = await h.open();
    const { page, context } = w;
    const seen: Array<string | undefined> = [];
    // The server has no auth yet; stand in for one that wants the key "s3cret".
    await context.route('**/trpc/**', async (route) => {
      const auth = route.request().headers().authorization;
      seen.push(auth);
      if (auth === 'Bearer s3cret') return route.continue();
      const problem = { type: 'https://folio.dev/problems/401', title: 'Unauthorized', status: 401, detail: 'An API key is required.' };
      const error = { message: problem.detail, code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401, problem } };
      const batched = route.request().url().includes('batch=1');
      return route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify(batched ? [{ error }] : { error }) });
    });
    await page.goto(h.url);
    const dialog = page.getByRole('dialog', { name: 'API key' });
    await dialog.getByText('This Folio server needs an API key').waitFor(WAIT);
    await w.screenshot('dashboard-api-key');
    await dialog.getByLabel('API key').fill('s3cret');
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await page.getByRole('link', { name: 'Phone Check' }).waitFor(WAIT);
    expect(seen.at(-1)).toBe('Bearer s3cret');
    expect(await page.evaluate(() => localStorage.getItem('folio.apiKey'))).toBe('s3cret');

    await page.reload(); // the key outlives the page
    await page.getByRole('link', { name: 'Phone Check' }).waitFor(WAIT);
    expect(seen.at(-1)).toBe('Bearer s3cret');
    expect(await page.getByRole('button', { name: 'Change API key' }).isVisible()).toBe(true);
    w.assertClean([401]);
  });
});

describe('against a server that requires API keys', () => {
  let secured: Harness;
  beforeAll(async () => {
    secured = await startHarness({ env: { AUTH: 'required' }, build: false });
  }, 120_000);
  afterAll(async () => {
    await secured?.close();
  });

  test('the page loads without a key, asks for one, and works with a real key', async () => {
    const { key } = await new ApiKeyStore(secured.db.knex).create('analyst', 'write');
    const created = await fetch(`${secured.url}/api/portfolios`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ name: 'Behind a key' }),
    });
    expect(created.status).toBe(201);

    const w = await secured.open();
    await w.page.goto(secured.url);
    const dialog = w.page.getByRole('dialog', { name: 'API key' });
    await dialog.getByText('This Folio server needs an API key').waitFor(WAIT);
    await dialog.getByLabel('API key').fill(key);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await w.page.getByRole('link', { name: 'Behind a key' }).waitFor(WAIT);
    w.assertClean([401]);
  });
});

function apiPath(pageUrl: string) {
  return `/api${new URL(pageUrl).pathname}`;
}

async function seed(h: Harness, name: string, description: string | null, tickers: string[]) {
  let p = await h.api<Portfolio>('POST', '/api/portfolios', { name, description });
  for (const ticker of tickers) p = await h.api<Portfolio>('POST', `/api/portfolios/${p.id}/stocks`, { ticker });
  return p;
}
