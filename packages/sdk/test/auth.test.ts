// The SDK's `token` option against a server that requires API keys (AUTH=required).
import { ApiKeyStore } from '@folio/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from '../../../test/support/live-server.js';
import { createClient, FolioError } from '../src/index.js';

let live: LiveServer;
let keys: { read: string; write: string };
beforeAll(async () => {
  live = await startLiveServer({ AUTH: 'required' });
  const store = new ApiKeyStore(live.db.knex);
  keys = { read: (await store.create('reader', 'read')).key, write: (await store.create('writer', 'write')).key };
});
afterAll(() => live?.stop());

const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected the call to fail'), (e: unknown) => e as FolioError);

describe('SDK token', () => {
  it('without a token every call is a 401 FolioError', async () => {
    const err = await failure(createClient({ url: live.url }).portfolio.list.query());
    expect(err).toBeInstanceOf(FolioError);
    expect(err.status).toBe(401);
  });

  it('a read key reads but may not write (403); a write key writes', async () => {
    const reader = createClient({ url: live.url, token: keys.read });
    const writer = createClient({ url: live.url, token: keys.write });
    const created = await writer.portfolio.create.mutate({ name: 'Keyed' });
    expect(await reader.portfolio.byId.query({ id: created.id })).toMatchObject({ name: 'Keyed' });
    const err = await failure(reader.portfolio.addStock.mutate({ portfolio_id: created.id, ticker: 'AAPL' }));
    expect(err.status).toBe(403);
    expect(await live.db.knex('portfolio_stocks').count<{ count: string }[]>('* as count')).toEqual([{ count: '0' }]);
  });

  it('a wrong key is a 401', async () => {
    const err = await failure(createClient({ url: live.url, token: 'folio_nope_nope' }).portfolio.list.query());
    expect(err.status).toBe(401);
  });
});
