// The SDK's own helpers against a live server: the pagination iterator, error codes that agree with
// their status whatever tRPC's code was, an unreachable server named by URL, the version header.
import { createServer } from 'node:net';
import { PROBLEM_TITLES } from '@folio/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../../../test/support/live-server.js';
import { allPortfolios, API_VERSION, codeForStatus, createClient, effectiveWeights, FolioError, SUPPORTED_SERVER_API, type FolioErrorCode } from '../src/index.js';

let live: LiveServer;
beforeAll(async () => {
  live = await startLiveServer();
});
afterAll(() => live?.stop());

const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected the call to fail'), (e: unknown) => e as FolioError);

describe('allPortfolios', () => {
  it('walks every page in id order, one request per page', async () => {
    const requests: string[] = [];
    const folio = createClient({
      url: live.url,
      fetch: (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await folio.portfolio.create.mutate({ name: `P${i}` }));
    requests.length = 0;

    const seen: string[] = [];
    for await (const p of allPortfolios(folio, { limit: 3 })) seen.push(p.name);
    expect(seen).toEqual(made.map((p) => p.name));
    expect(requests).toHaveLength(3); // 3 + 3 + 1: a short page ends the walk

    const none = createClient({ url: live.url });
    const firstOnly: number[] = [];
    for await (const p of allPortfolios(none, { limit: 1000 })) firstOnly.push(p.id);
    expect(firstOnly).toEqual(made.map((p) => p.id));
  });
});

describe('FolioError', () => {
  const folio = () => createClient({ url: live.url });

  it('a rule zod finds (tRPC 400) and one found later (tRPC 422) both read 422 / UNPROCESSABLE_CONTENT', async () => {
    const early = await failure(folio().portfolio.create.mutate({ name: '   ' }));
    expect({ status: early.status, code: early.code, httpStatus: early.httpStatus }).toEqual({ status: 422, code: 'UNPROCESSABLE_CONTENT', httpStatus: 400 });

    const p = await folio().portfolio.create.mutate({ name: 'Weights' });
    await folio().portfolio.addStock.mutate({ portfolio_id: p.id, ticker: 'AAPL', weight: 0.75 });
    const late = await failure(folio().portfolio.addStock.mutate({ portfolio_id: p.id, ticker: 'MSFT', weight: 0.5 }));
    expect({ status: late.status, code: late.code, httpStatus: late.httpStatus }).toEqual({ status: 422, code: 'UNPROCESSABLE_CONTENT', httpStatus: 422 });
  });

  it('malformed input is 400 / BAD_REQUEST, a missing portfolio 404 / NOT_FOUND, a held ticker 409 / CONFLICT', async () => {
    const malformed = await failure(folio().portfolio.byId.query({ id: 'one' as unknown as number }));
    expect([malformed.status, malformed.code]).toEqual([400, 'BAD_REQUEST']);
    const missing = await failure(folio().portfolio.byId.query({ id: 999_999 }));
    expect([missing.status, missing.code, missing.detail]).toEqual([404, 'NOT_FOUND', 'Portfolio 999999 does not exist.']);
    const p = await folio().portfolio.create.mutate({ name: 'Held' });
    await folio().portfolio.addStock.mutate({ portfolio_id: p.id, ticker: 'AAPL' });
    const held = await failure(folio().portfolio.addStock.mutate({ portfolio_id: p.id, ticker: 'aapl' }));
    expect([held.status, held.code]).toEqual([409, 'CONFLICT']);
  });

  it('has a code for every status the server can put in a problem', () => {
    for (const status of Object.keys(PROBLEM_TITLES).map(Number)) {
      const code: FolioErrorCode = codeForStatus(status);
      expect(code, `status ${status}`).not.toBe('UNKNOWN');
    }
  });

  it('a server that is down: status 0, NETWORK_ERROR, and the URL it tried', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const err = await failure(createClient({ url }).portfolio.list.query());
    expect(err).toBeInstanceOf(FolioError);
    expect([err.status, err.code]).toEqual([0, 'NETWORK_ERROR']);
    expect(err.detail).toContain(`${url}/trpc`);
    expect(err.detail).toContain('ECONNREFUSED');
  });
});

describe('versions and helpers', () => {
  it('the server sends the wire version this SDK was built for', async () => {
    const res = await fetch(`${live.url}/health`);
    expect(res.headers.get('folio-api-version')).toBe(API_VERSION);
    expect(SUPPORTED_SERVER_API).toBe(`^${API_VERSION}`);
  });

  it('exports the contract’s effective weights', () => {
    expect(effectiveWeights([{ weight: 0.5 }, { weight: null }, { weight: null }]).weights).toEqual([0.5, 0.25, 0.25]);
  });
});

/** A port nothing listens on: bound by us, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
