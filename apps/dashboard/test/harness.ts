// The real thing for the end-to-end tests: the dashboard built by Vite, served by the real API on
// its own test database, and Debian's Chromium driven by playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { loadConfig, startServer, type Server } from '@folio/api';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';

const dashboardDir = fileURLToPath(new URL('..', import.meta.url));
/**
 * The holdings table of the open portfolio. The Value tab lists the same tickers as row headers once
 * its valuation has loaded, so an unscoped `getByRole('rowheader', …)` can match two elements.
 */
export const holdings = (page: Page) => page.getByRole('table', { name: /^Holdings of / });

export const artifactsDir = fileURLToPath(new URL('../../../test-artifacts/', import.meta.url));

/**
 * Builds the dashboard the way `pnpm start` does, so a clean clone tests what it will serve. Built
 * beside dist/ and swapped in, because API tests running in parallel read dist/ when they start.
 */
function buildDashboard() {
  const dist = path.join(dashboardDir, 'dist');
  const fresh = path.join(dashboardDir, `dist-e2e-${process.pid}`);
  const stale = `${fresh}-old`;
  const vite = path.join(dashboardDir, 'node_modules/vite/bin/vite.js');
  // Not vitest's environment: NODE_ENV=test (and VITEST*) would make Vite build something else.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'NODE_ENV'));
  try {
    const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', fresh], {
      cwd: dashboardDir,
      encoding: 'utf8',
      env: { ...env, NODE_ENV: 'production' },
    });
    if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
    if (existsSync(dist)) renameSync(dist, stale);
    renameSync(fresh, dist);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(stale, { recursive: true, force: true });
  }
}

export interface Harness {
  url: string;
  browser: Browser;
  db: TestDatabase;
  /** a new browser context (own storage) whose page fails the test on any page or console error */
  open: (viewport?: { width: number; height: number }) => Promise<WatchedPage>;
  api: <T>(method: string, route: string, body?: unknown) => Promise<T>;
  close: () => Promise<void>;
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Asserts nothing went wrong in the page: no uncaught error, no console error, no 4xx/5xx but those named. */
  assertClean: (expectedStatuses?: number[]) => void;
  screenshot: (name: string) => Promise<void>;
}

export interface HarnessOptions {
  /** extra server settings, e.g. AUTH=required */
  env?: Record<string, string>;
  /** false when an earlier harness of the same run already built the dashboard */
  build?: boolean;
}

export async function startHarness({ env = {}, build = true }: HarnessOptions = {}): Promise<Harness> {
  const executablePath = ensureChromium();
  if (build) buildDashboard();
  mkdirSync(artifactsDir, { recursive: true });
  const db = await createTestDatabase(inject('adminUrl'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DB_POOL_MIN: '0', DATABASE_URL: db.url, ...env }),
    );
    browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await server?.stop();
    await db.drop();
    throw err;
  }
  const url = server.url;
  const contexts: BrowserContext[] = [];

  const open = async (viewport = { width: 1280, height: 800 }): Promise<WatchedPage> => {
    const context = await browser!.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
    page.on('console', (msg) => {
      // Chromium logs each 4xx/5xx answer as a console error without its URL; the response event has it.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(`console.error: ${msg.text()}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`http ${res.status()}: ${res.request().method()} ${decodeURIComponent(res.url())}`);
    });
    return {
      page,
      context,
      assertClean: (expectedStatuses = []) => {
        // Emptied first, so one test's failure is not blamed on the next.
        const unexpected = problems.splice(0).filter((p) => {
          const status = /^http (\d{3}):/.exec(p)?.[1];
          return !(status && expectedStatuses.includes(Number(status)));
        });
        expect(unexpected).toEqual([]);
      },
      screenshot: async (name) => {
        await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
      },
    };
  };

  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };

  return {
    url,
    browser,
    db,
    open,
    api,
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser?.close();
      await server?.stop();
      await db.drop();
    },
  };
}
