// The keys CLI as an operator runs it, and proof that keys never reach the logs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@folio/db/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { ApiKeyStore } from '../src/auth/api-key-store.js';
import { parseKey } from '../src/auth/api-key-format.js';
import { buildApp } from '../src/app.js';
import { defaultSecurityOptions } from '../src/security/options.js';
import { createServices } from '../src/services/index.js';
import { secretOf } from './security-helpers.js';

const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase(inject('adminUrl'));
});
afterAll(() => db?.drop());

function folio(...args: string[]) {
  // The CLI as bundled for `pnpm start` (built once for the run): plain node, no tsx start-up per call.
  const run = spawnSync(process.execPath, [path.join(inject('apiBundleDir'), 'cli.js'), ...args], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: db.url },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('folio keys', () => {
  it('create prints the key as its last line; list never shows it; revoke ends it', async () => {
    const created = folio('keys', 'create', '--name', 'cli-writer', '--scope', 'write');
    expect(created.code).toBe(0);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(key).toMatch(/^folio_[0-9a-f]{12}_[\w-]{43}$/);
    const store = new ApiKeyStore(db.knex);
    expect(await store.verify(key)).toEqual({ name: 'cli-writer', scope: 'write', prefix: parseKey(key)?.prefix });

    expect(folio('keys', 'create', '--name', 'cli-writer', '--scope', 'read').code).not.toBe(0); // name taken
    expect(folio('keys', 'create', '--name', 'x', '--scope', 'admin').code).not.toBe(0);

    const listed = folio('keys', 'list');
    expect(listed.stdout).toMatch(/cli-writer\twrite/);
    expect(listed.stdout).not.toContain(secretOf(key));

    expect(folio('keys', 'revoke', 'cli-writer').code).toBe(0);
    expect(await store.verify(key)).toBeUndefined();
    expect(folio('keys', 'revoke', 'cli-writer').code).not.toBe(0);
  }, 120_000);
});

describe('logs', () => {
  it('never contain an API key or Authorization header, even for failures', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'trace' }, sink);
    const services = createServices({ db: db.knex });
    const app = await buildApp({ services, logger, security: { ...defaultSecurityOptions, auth: 'required' } });
    try {
      const { key } = await services.apiKeys.create('logged', 'write');
      const secret = secretOf(key);
      const headers = { authorization: `Bearer ${key}` };
      await app.inject({ url: '/api/portfolios', headers });
      await app.inject({ method: 'POST', url: '/api/portfolios', headers, payload: { name: '' } });
      await app.inject({ url: '/api/portfolios', headers: { authorization: `Bearer ${key}x` } });
      await db.knex.raw('ALTER TABLE portfolios RENAME TO portfolios_away');
      await app.inject({ url: '/api/portfolios/1', headers }); // a procedure
      await app.inject({ url: '/api/portfolios', headers }); // the streamed list, which is not one
      await db.knex.raw('ALTER TABLE portfolios_away RENAME TO portfolios');
      const all = lines.join('');
      expect(all).toContain('procedure failed'); // the failures were logged...
      expect(all).toContain('request failed');
      expect(all).not.toContain(secret); // ...without the key
      expect(all.toLowerCase()).not.toContain('bearer');
    } finally {
      await app.close();
    }
  });
});
