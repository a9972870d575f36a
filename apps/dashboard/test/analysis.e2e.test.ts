// End to end in Chromium: the portfolio page's analyses, the Prices page and the list's market values,
// on the demo seed (synthetic prices) and on ../shared/data/stock_prices.csv uploaded through the page.
// Every figure read off the page is compared with an independent API call made here, formatted the
// way an analyst reads it — never with the response the page itself rendered.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Portfolio } from '@folio/contract';
import { seedDemoData, seedDemoPrices } from '@folio/db';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from 'vitest';
import { startHarness, type Harness, type WatchedPage } from './harness.js';

const STOCK_PRICES = fileURLToPath(new URL('../../../../shared/data/stock_prices.csv', import.meta.url));
const WAIT = { timeout: 30_000 };
/** SVG parts of a chart: present in the DOM (an SVG group has no box of its own to be "visible") */
const ATTACHED = { state: 'attached', timeout: 30_000 } as const;
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
] as const;

// Independent formatting of what the page must show (two decimals; percent with two decimals).
const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (f: number) => `${(f * 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
const ratio = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface Valuation {
  total_value: number;
  holdings: { ticker: string; market_value: number | null; reason: string | null; drift: number | null; price_date: string | null }[];
}
interface Coverage {
  ticker: string;
  first_date: string;
  last_date: string;
  rows: number;
}
interface Figures {
  weights: Record<string, number>;
  expected_return: number;
  volatility: number;
  sharpe: number;
}

let h: Harness;
let demo: Portfolio; // "Tech Portfolio": AAPL, TSLA, MSFT
let csvPortfolio: Portfolio; // tickers of stock_prices.csv

beforeAll(async () => {
  h = await startHarness();
  await seedDemoData(h.db.knex);
  await seedDemoPrices(h.db.knex);
  const all = await h.api<Portfolio[]>('GET', '/api/portfolios');
  demo = all.find((p) => p.name === 'Tech Portfolio')!;
  // shares for AAPL and MSFT; TSLA stays without, so the page must say why it has no value
  for (const [ticker, shares] of [['AAPL', 40], ['MSFT', 25]] as const) {
    const stock = demo.stocks.find((s) => s.ticker === ticker)!;
    await h.api('PATCH', `/api/portfolios/${demo.id}/stocks/${stock.id}`, { shares });
  }
  demo = await h.api<Portfolio>('GET', `/api/portfolios/${demo.id}`);
}, 300_000);
afterAll(async () => {
  await h?.close();
});

/** 3 years back from the latest price of the tickers, as the page's default window must be. */
async function threeYearWindow(tickers: readonly string[]) {
  const coverage = await h.api<Coverage[]>('GET', '/api/prices');
  const latest = coverage.filter((c) => tickers.includes(c.ticker)).map((c) => c.last_date).sort().at(-1)!;
  const d = new Date(`${latest}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 3);
  return { from: d.toISOString().slice(0, 10), to: latest };
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await page.getByRole('tab', { name, selected: true }).waitFor(WAIT);
}

/** The text of the table cell in the row whose header is `row`, column `col` (0 = first td). */
async function cell(page: Page, table: string, row: string, col: number) {
  return page.getByRole('table', { name: table }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: row, exact: true }) }).locator('td').nth(col).textContent();
}

/** Fills the Monte Carlo form and presses Run; returns the form. */
async function runMonteCarlo(page: Page, inputs: { paths: string; horizon: string; seed: string; initial: string }) {
  const form = page.getByRole('form', { name: 'Monte Carlo inputs' });
  await form.getByLabel('Paths').fill(inputs.paths);
  await form.getByLabel('Horizon (trading days)').fill(inputs.horizon);
  await form.getByLabel('Seed').fill(inputs.seed);
  await form.getByLabel('Starting value').fill(inputs.initial);
  await form.getByRole('button', { name: 'Run simulation' }).click();
  return form;
}

describe('on the demo seed (synthetic prices)', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await h.open();
  });

  test('Value: market value per holding against the valuation API, unvalued holdings say why', async () => {
    const { page } = w;
    await page.goto(`${h.url}/portfolios/${demo.id}`);
    await page.getByTestId('total-value').waitFor(WAIT);
    const v = await h.api<Valuation>('GET', `/api/portfolios/${demo.id}/valuation`);
    expect(await page.getByTestId('total-value').textContent()).toBe(money(v.total_value));
    const aapl = v.holdings.find((x) => x.ticker === 'AAPL')!;
    const row = page.locator('.value-table tbody tr').filter({ has: page.getByRole('rowheader', { name: 'AAPL' }) });
    expect(await row.locator('td').nth(3).textContent()).toBe(money(aapl.market_value!));
    expect(await row.locator('td').nth(2).textContent()).toBe(aapl.price_date);
    const tsla = page.locator('.value-table tbody tr').filter({ has: page.getByRole('rowheader', { name: 'TSLA' }) });
    expect(await tsla.textContent()).toContain('No share count');
    // drift of ≥ 1 pp is flagged: which rows the API says, which rows the page marks
    const drifted = v.holdings.filter((x) => x.drift !== null && Math.abs(x.drift) >= 0.01).map((x) => x.ticker).sort();
    const marked = await page.locator('.value-table tr.drifted th').allTextContents();
    expect(marked.sort()).toEqual(drifted);
    expect(await page.getByText('synthetic', { exact: false }).first().isVisible()).toBe(true);
    await w.screenshot('analysis-value-1280');
    w.assertClean();
  });

  test('Prices: one normalised line per holding', async () => {
    const { page } = w;
    await openTab(page, 'Prices');
    const figure = page.getByRole('figure', { name: 'Prices normalised to 100 at the window\'s start' });
    await figure.locator('.recharts-line').first().waitFor(ATTACHED);
    expect(await figure.locator('.recharts-line').count()).toBe(3);
    await w.screenshot('analysis-prices-1280');
    w.assertClean();
  });

  test('Risk: VaR/CVaR at 95 % and 99 %, beta against a chosen benchmark, histogram with the VaR line', async () => {
    const { page } = w;
    onTestFailed(() => w.screenshot('failed-risk'));
    await openTab(page, 'Risk');
    await page.getByLabel('Benchmark for beta').selectOption('MSFT');
    await page.getByRole('table', { name: 'Return and risk' }).getByText('Beta vs MSFT').waitFor(WAIT);
    const window = await threeYearWindow(demo.stocks.map((s) => s.ticker));
    const body = { portfolio_id: demo.id, ...window, benchmark: 'MSFT' };
    const r95 = await h.api<{ historical: { var: number; cvar: number }; parametric: { var: number; cvar: number }; annual_volatility: number; sharpe: number; max_drawdown: number; beta: number }>('POST', '/api/analysis/risk', { ...body, confidence: 0.95 });
    const r99 = await h.api<typeof r95>('POST', '/api/analysis/risk', { ...body, confidence: 0.99 });
    expect(await cell(page, 'Value at risk, one day', 'Historical VaR', 0)).toBe(pct(r95.historical.var));
    expect(await cell(page, 'Value at risk, one day', 'Historical VaR', 1)).toBe(pct(r99.historical.var));
    expect(await cell(page, 'Value at risk, one day', 'Parametric (normal) CVaR', 1)).toBe(pct(r99.parametric.cvar));
    expect(await cell(page, 'Return and risk', 'Annual volatility', 0)).toBe(pct(r95.annual_volatility));
    expect(await cell(page, 'Return and risk', 'Max drawdown', 0)).toBe(pct(r95.max_drawdown));
    expect(await cell(page, 'Return and risk', 'Beta vs MSFT', 0)).toBe(ratio(r95.beta));
    const histogram = page.getByRole('figure', { name: 'Histogram of daily returns' });
    await histogram.locator('.recharts-reference-line-line').waitFor(ATTACHED);
    expect(await histogram.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(10);
    await w.screenshot('analysis-risk-1280');
    w.assertClean();
  });

  test('Monte Carlo: fan chart and probability of loss, as the API answers for the same inputs', async () => {
    const { page } = w;
    await openTab(page, 'Monte Carlo');
    await runMonteCarlo(page, { paths: '2000', horizon: '126', seed: '7', initial: '10000' });
    await page.getByTestId('probability-of-loss').waitFor(WAIT);
    const window = await threeYearWindow(demo.stocks.map((s) => s.ticker));
    const mc = await h.api<{ probability_of_loss: number; terminal: { p50: number } }>('POST', '/api/analysis/monte-carlo', {
      portfolio_id: demo.id, ...window, paths: 2000, horizon_days: 126, seed: 7, initial_value: 10000,
    });
    expect(await page.getByTestId('probability-of-loss').textContent()).toBe(pct(mc.probability_of_loss));
    expect(await page.getByTestId('mc-summary').textContent()).toContain(money(mc.terminal.p50));
    expect(await page.locator('.recharts-area').count()).toBe(2);
    await w.screenshot('analysis-monte-carlo-1280');
    w.assertClean();
  });
});

describe('on stock_prices.csv, uploaded through the Prices page', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await h.open();
  });

  test('the Prices page uploads the file and shows the server\'s report and coverage', async () => {
    expect(existsSync(STOCK_PRICES)).toBe(true);
    const { page } = w;
    await page.goto(`${h.url}/prices`);
    await page.getByRole('heading', { level: 1, name: 'Prices' }).waitFor(WAIT);
    await page.getByLabel('CSV file').setInputFiles(STOCK_PRICES);
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.locator('.upload-report');
    await report.waitFor({ timeout: 120_000 });
    const coverage = await h.api<Coverage[]>('GET', '/api/prices');
    const amzn = coverage.find((c) => c.ticker === 'AMZN')!;
    expect(await report.textContent()).toContain('20 tickers');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'AMZN', exact: true }) });
    await row.waitFor(WAIT);
    expect(await row.locator('td').allTextContents()).toEqual([amzn.first_date, amzn.last_date, amzn.rows.toLocaleString('en-US'), 'Delete']);
    await w.screenshot('prices-page-1280');
    w.assertClean();
  });

  test('a bad file is refused with its line number, and nothing changes', async () => {
    const { page } = w;
    const before = await h.api<Coverage[]>('GET', '/api/prices');
    await page.getByLabel('CSV file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('date,AMZN\n2030-01-02,12.5\n2030-01-03,abc\n') });
    await page.getByRole('button', { name: 'Upload' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toMatch(/line 3/);
    expect(await h.api<Coverage[]>('GET', '/api/prices')).toEqual(before);
    await w.screenshot('prices-page-error-1280');
    w.assertClean([422]);
  });

  test('the other shapes upload too: long rows, and a Yahoo download with its ticker', async () => {
    const { page } = w;
    const upload = async (name: string, text: string, ticker = '') => {
      await page.getByLabel('Ticker (single-ticker files only)').fill(ticker);
      await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.locator('.upload-report').filter({ hasText: name === 'long.csv' ? 'LONGA, LONGB' : 'YHOO' }).waitFor(WAIT);
    };
    await upload('long.csv', 'ticker,date,close\nLONGA,2020-01-02,10\nLONGB,2020-01-02,20\nLONGA,2020-01-03,11\n');
    expect(await page.locator('.upload-report').textContent()).toContain('3 new rows');
    await upload('yahoo.csv', 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,1,1,5,4.9,100\n2020-01-03,1,1,1,null,null,0\n', 'YHOO');
    expect(await page.locator('.upload-report').textContent()).toContain('1 new row, 0 updated, 0 unchanged, 1 skipped; 1 ticker (YHOO)');
    const coverage = await h.api<Coverage[]>('GET', '/api/prices');
    expect(coverage.filter((c) => ['LONGA', 'LONGB', 'YHOO'].includes(c.ticker)).map((c) => c.rows)).toEqual([2, 1, 1]);
    w.assertClean();
  });

  test('deleting a ticker\'s prices asks first, then removes them', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Delete prices of SHLD' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete prices' }).click();
    await page.getByRole('rowheader', { name: 'SHLD', exact: true }).waitFor({ state: 'detached', ...WAIT });
    expect((await h.api<Coverage[]>('GET', '/api/prices')).some((c) => c.ticker === 'SHLD')).toBe(false);
    w.assertClean();
  });

  test('the list shows each portfolio\'s market value from one batched call', async () => {
    const created = await h.api<Portfolio>('POST', '/api/portfolios', { name: 'Stock prices mix', description: 'from stock_prices.csv' });
    for (const [ticker, weight, shares] of [['GOOG', 0.3, 20], ['AMZN', 0.3, 15], ['XOM', 0.2, 150], ['JPM', null, 90], ['WMT', null, 120]] as const) {
      await h.api('POST', `/api/portfolios/${created.id}/stocks`, { ticker, weight, shares });
    }
    csvPortfolio = await h.api<Portfolio>('GET', `/api/portfolios/${created.id}`);
    const { page } = w;
    const valuationRequests: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('portfolio.valuation')) valuationRequests.push(req.url());
    });
    await page.goto(h.url);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Stock prices mix' }) });
    const v = await h.api<Valuation>('GET', `/api/portfolios/${created.id}/valuation`);
    await expect.poll(() => row.locator('td[data-label="Market value"]').textContent(), WAIT).toBe(money(v.total_value));
    // five portfolios shown, one HTTP request carrying all their valuations
    expect(valuationRequests).toHaveLength(1);
    expect(decodeURIComponent(valuationRequests[0]!).match(/portfolio\.valuation/g)).toHaveLength(5);
    await w.screenshot('dashboard-list-values-1280');
    w.assertClean();
  });
});

for (const viewport of VIEWPORTS) {
  describe(`stock_prices.csv portfolio at ${viewport.width}×${viewport.height}`, () => {
    let w: WatchedPage;
    const tag = `${viewport.width}`;
    beforeAll(async () => {
      w = await h.open(viewport);
      await w.page.goto(`${h.url}/portfolios/${csvPortfolio.id}`);
      await w.page.getByTestId('total-value').waitFor(WAIT);
    });

    test('every view renders; the window picker changes what the analyses read', async () => {
      const { page } = w;
      onTestFailed(() => w.screenshot(`failed-views-${tag}`));
      await w.screenshot(`analysis-value-csv-${tag}`);
      await openTab(page, 'Prices');
      await page.locator('.recharts-line').first().waitFor(ATTACHED);
      await page.getByText('All', { exact: true }).click();
      await page.getByText(/Analyses read the first price to/).waitFor(WAIT);
      await w.screenshot(`analysis-prices-csv-all-${tag}`);
      await page.getByText('5 years', { exact: true }).click();
      await openTab(page, 'Risk');
      await page.getByRole('table', { name: 'Return and risk' }).waitFor(WAIT);
      await page.locator('.recharts-reference-line-line').waitFor(ATTACHED);
      await w.screenshot(`analysis-risk-csv-${tag}`);
      await openTab(page, 'Optimise');
      await page.locator('.recharts-scatter').first().waitFor(ATTACHED);
      await w.screenshot(`analysis-optimise-csv-${tag}`);
      await openTab(page, 'Rebalance');
      await page.getByRole('table', { name: 'Trades' }).waitFor(WAIT);
      await w.screenshot(`analysis-rebalance-csv-${tag}`);
      w.assertClean();
    });
  });
}

describe('stock_prices.csv portfolio: acting on the analyses', () => {
  let w: WatchedPage;
  beforeAll(async () => {
    w = await h.open();
    await w.page.goto(`${h.url}/portfolios/${csvPortfolio.id}`);
    await w.page.getByTestId('total-value').waitFor(WAIT);
  });

  test('Optimise: the max-Sharpe weights match the frontier API and Apply sets them as targets', async () => {
    const { page } = w;
    await page.getByText('5 years', { exact: true }).click();
    await openTab(page, 'Optimise');
    await page.getByRole('button', { name: 'Maximum Sharpe' }).click();
    const window = await threeYearWindow(csvPortfolio.stocks.map((s) => s.ticker)).then((w3) => {
      const d = new Date(`${w3.to}T00:00:00Z`);
      d.setUTCFullYear(d.getUTCFullYear() - 5);
      return { from: d.toISOString().slice(0, 10), to: w3.to };
    });
    const f = await h.api<{ max_sharpe: Figures }>('POST', '/api/analysis/frontier', { portfolio_id: csvPortfolio.id, ...window, points: 30 });
    const table = 'Chosen weights beside current';
    await page.getByRole('table', { name: table }).waitFor(WAIT);
    for (const ticker of ['GOOG', 'XOM', 'WMT']) {
      expect(await cell(page, table, ticker, 1)).toBe(pct(f.max_sharpe.weights[ticker]!));
    }
    await page.getByRole('button', { name: 'Apply these weights…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Apply weights' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached', ...WAIT });
    const after = await h.api<Portfolio>('GET', `/api/portfolios/${csvPortfolio.id}`);
    for (const s of after.stocks) expect(s.weight).toBeCloseTo(Math.max(0, f.max_sharpe.weights[s.ticker]!), 12);
    w.assertClean();
  });

  test('Optimise: a server refusal on Apply shows in the dialog', async () => {
    const { page } = w;
    await page.getByRole('button', { name: 'Minimum volatility' }).click();
    // The holding goes away behind the page's back: the server refuses weights for a ticker not held.
    const wmt = csvPortfolio.stocks.find((s) => s.ticker === 'WMT')!;
    await h.api('DELETE', `/api/portfolios/${csvPortfolio.id}/stocks/${wmt.id}`);
    await page.getByRole('button', { name: 'Apply these weights…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Apply weights' }).click();
    await dialog.getByRole('alert').waitFor(WAIT);
    expect(await dialog.getByRole('alert').textContent()).toContain('does not hold WMT');
    await w.screenshot('analysis-optimise-refused-1280');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.reload();
    await page.getByTestId('total-value').waitFor(WAIT);
    w.assertClean([422]);
  });

  test('Rebalance: trades as the API plans them, whole shares and cash, CSV export escaped', async () => {
    const { page } = w;
    await openTab(page, 'Rebalance');
    await page.getByLabel('Whole shares only').check();
    await page.getByLabel('Cash added (negative: withdrawn)').fill('5000');
    const plan = await h.api<{ lines: { ticker: string; trade_shares: number }[]; cash_remaining: number }>('POST', '/api/analysis/rebalance', {
      portfolio_id: csvPortfolio.id, whole_shares: true, cash: 5000,
    });
    await expect.poll(() => page.getByTestId('cash-remaining').textContent(), WAIT).toBe(money(plan.cash_remaining));
    for (const line of plan.lines) expect(Number.isInteger(line.trade_shares)).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export trades as CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('portfolio,ticker,price,shares,current_weight,target_weight,trade_shares,trade_value');
    expect(lines).toHaveLength(plan.lines.length + 1);
    await w.screenshot('analysis-rebalance-whole-1280');
    w.assertClean();
  });

  test('a rebalance CSV escapes a portfolio name a spreadsheet would run', async () => {
    const { page } = w;
    await h.api('PUT', `/api/portfolios/${csvPortfolio.id}`, { name: '=HYPERLINK("http://x")', description: null });
    await page.reload();
    await openTab(page, 'Rebalance');
    await page.getByRole('table', { name: 'Trades' }).waitFor(WAIT);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export trades as CSV' }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",/);
    w.assertClean();
  });

  test('the page stays responsive while a 100,000-path Monte Carlo runs', async () => {
    const { page } = w;
    await openTab(page, 'Monte Carlo');
    const form = await runMonteCarlo(page, { paths: '100000', horizon: '252', seed: '1', initial: '10000' });
    await page.getByRole('button', { name: 'Simulating…' }).waitFor(WAIT);
    await w.screenshot('analysis-monte-carlo-busy-1280');
    // While the run is in flight the page answers input: a typed value lands in its field at once.
    await form.getByLabel('Seed').fill('42');
    expect(await form.getByLabel('Seed').inputValue()).toBe('42');
    expect(await page.getByRole('button', { name: 'Simulating…' }).isVisible()).toBe(true);
    await page.getByTestId('probability-of-loss').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('mc-summary').textContent()).toContain('100,000 paths');
    await w.screenshot('analysis-monte-carlo-100k-1280');
    w.assertClean();
  });
});
