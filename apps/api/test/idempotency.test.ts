// Idempotency-Key on POST: a retry gets the first answer, and nothing is written twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer, createSecuredApp, privatePostgres, type SecuredTestApp } from './security-helpers.js';

let t: SecuredTestApp;
let pg: Awaited<ReturnType<typeof privatePostgres>>;
beforeAll(async () => {
  pg = await privatePostgres(); // the burst test opens many connections at once
  t = await createSecuredApp({}, undefined, pg.adminUrl);
});
afterAll(async () => {
  await t?.close();
  await pg?.stop();
});
beforeEach(async () => {
  await t.db.knex.raw('TRUNCATE portfolios, idempotency_keys RESTART IDENTITY CASCADE');
});

const create = (key: string, payload: object = { name: 'Once' }, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/portfolios', payload, headers: { 'idempotency-key': key, ...headers } });

describe('Idempotency-Key', () => {
  it('a retried create returns the first response (same id, Location) and writes once', async () => {
    const first = await create('k-1');
    expect(first.statusCode).toBe(201);
    const again = await create('k-1');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/application\/json/);
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '1' }]);
    // without a key, or with another key, a POST is a new request
    expect((await create('k-2')).json().id).not.toBe(first.json().id);
  });

  it('replays 4xx answers too (the same request gets the same verdict)', async () => {
    const { id } = (await create('p')).json();
    const add = (key: string) =>
      t.app.inject({ method: 'POST', url: `/api/portfolios/${id}/stocks`, payload: { ticker: 'AAPL' }, headers: { 'idempotency-key': key } });
    expect((await add('s-1')).statusCode).toBe(201);
    expect((await add('s-1')).statusCode).toBe(201);
    expect((await add('s-2')).statusCode).toBe(409);
    expect(await t.db.knex('portfolio_stocks').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('422 when the key is reused for a different request; 400 for a malformed key', async () => {
    await create('same', { name: 'A' });
    const other = await create('same', { name: 'B' });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect((await create('')).statusCode).toBe(400);
    expect((await create('x'.repeat(300))).statusCode).toBe(400);
    expect(await t.db.knex('portfolios').pluck('name')).toEqual(['A']);
  });

  it('concurrent duplicates: one runs, the others get 409 (retry) or the replay, never a second write', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => create('burst')));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '1' }]);
    const late = await create('burst');
    expect(late.statusCode).toBe(201);
    expect(late.json().id).toBe([...ids][0]);
  });

  it('keys belong to a caller: another caller with the same key is a new request', async () => {
    const a = await create('shared', { name: 'A' }, bearer('token-a'));
    const b = await create('shared', { name: 'A' }, bearer('token-b'));
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('the same request is recognised however its JSON keys are ordered', async () => {
    const raw = (body: string) =>
      t.app.inject({ method: 'POST', url: '/api/portfolios', payload: body, headers: { 'content-type': 'application/json', 'idempotency-key': 'order' } });
    const first = await raw('{"name":"N","description":"D"}');
    const again = await raw('{ "description": "D", "name": "N" }');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
  });

  it('is scoped by the verified key, not by how the Authorization header is spelled; a revoked key gets no replay', async () => {
    const secured = await createSecuredApp({ auth: 'required' }, undefined, pg.adminUrl);
    try {
      const { key } = await secured.services.apiKeys.create('spelled', 'write');
      const send = (authorization: string) =>
        secured.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'S' }, headers: { 'idempotency-key': 'spell', authorization } });
      const answers = [];
      for (const authorization of [`Bearer ${key}`, `bearer ${key}`, `Bearer  ${key}`, `BEARER ${key} `]) answers.push(await send(authorization));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
      expect(await secured.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '1' }]);

      await secured.services.apiKeys.revoke('spelled');
      const revoked = await send(`Bearer ${key}`);
      expect(revoked.statusCode).toBe(401);
      expect(revoked.headers['idempotent-replayed']).toBeUndefined();
    } finally {
      await secured.close();
    }
  });

  it('expires after 24 hours: an old record is taken over by a new request', async () => {
    const first = await create('old');
    await t.db.knex('idempotency_keys').update({ expires_at: t.db.knex.raw("now() - interval '1 second'") });
    const second = await create('old');
    expect(second.json().id).not.toBe(first.json().id);
    expect(await t.services.idempotency.sweepExpired()).toBe(0);
  });

  it('is stored with a 24 hour expiry', async () => {
    await create('ttl');
    const [row] = await t.db.knex('idempotency_keys').select(
      t.db.knex.raw("extract(epoch from (expires_at - created_at))::int AS seconds"),
    );
    expect(row.seconds).toBe(24 * 3600);
  });

  it('works for tRPC mutations (POST /trpc)', async () => {
    const call = () =>
      t.app.inject({ method: 'POST', url: '/trpc/portfolio.create', payload: { name: 'RPC' }, headers: { 'idempotency-key': 'rpc-1' } });
    const first = await call();
    const again = await call();
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await t.db.knex('portfolios').count({ n: '*' })).toEqual([{ n: '1' }]);
  });

  it('does not keep a 401: after fixing credentials the same key runs the request', async () => {
    const secured = await createSecuredApp({ auth: 'required' }, undefined, pg.adminUrl);
    try {
      const { key } = await secured.services.apiKeys.create('w', 'write');
      const send = (headers: Record<string, string>) =>
        secured.app.inject({ method: 'POST', url: '/api/portfolios', payload: { name: 'Z' }, headers: { 'idempotency-key': 'z', ...headers } });
      expect((await send({ authorization: 'Bearer wrong' })).statusCode).toBe(401);
      expect((await send(bearer(key))).statusCode).toBe(201);
      expect((await send(bearer(key))).headers['idempotent-replayed']).toBe('true');
    } finally {
      await secured.close();
    }
  });
});
