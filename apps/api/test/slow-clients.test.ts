// Clients that hold connections without finishing a request (slowloris, slow bodies) and malformed
// requests that Node's parser refuses before Fastify sees them.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecuredApp, type SecuredTestApp } from './security-helpers.js';

const REQUEST_TIMEOUT_MS = 1000;
const MAX_CONNECTIONS = 20;
let t: SecuredTestApp;
let port: number;
beforeAll(async () => {
  t = await createSecuredApp({ requestTimeoutMs: REQUEST_TIMEOUT_MS, headersTimeoutMs: REQUEST_TIMEOUT_MS, maxConnections: MAX_CONNECTIONS });
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(url).port);
});
afterAll(() => t?.close());

interface Slow {
  socket: Socket;
  closed: Promise<{ at: number; reply: string }>;
}

/** A client that sends a POST's headers and one byte of its 1,000-byte body, then nothing more. */
function slowBody(): Promise<Slow> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => {});
    const closed = new Promise<{ at: number; reply: string }>((done) => socket.once('close', () => done({ at: Date.now(), reply })));
    socket.once('connect', () => {
      socket.write('POST /api/portfolios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      resolve({ socket, closed });
    });
    socket.once('error', reject);
  });
}

function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let reply = '';
    socket.on('data', (d) => (reply += d.toString()));
    socket.once('close', () => resolve(reply));
    socket.once('error', reject);
  });
}

describe('slow clients', () => {
  it('a request not received within the request timeout is cut off (408), and the server keeps serving', async () => {
    const started = Date.now();
    const slow = await Promise.all(Array.from({ length: 10 }, slowBody));
    // While they hang (fewer than the connection cap), other clients are served.
    const meanwhile = await fetch(`http://127.0.0.1:${port}/health`);
    expect(meanwhile.status).toBe(200);
    const ends = await Promise.all(slow.map((s) => s.closed));
    // The promise is REQUEST_TIMEOUT_MS (checked every quarter of it); 5× that for a busy machine.
    for (const end of ends) expect(end.at - started).toBeLessThan(5 * REQUEST_TIMEOUT_MS);
    expect(ends[0]!.reply).toMatch(/^HTTP\/1\.1 408/);
    expect(ends[0]!.reply).toMatch(/application\/problem\+json/);
  });

  it('connections past the cap are closed at once; once the slow ones time out, the server serves again', async () => {
    const slow = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 10 }, slowBody));
    const ends = await Promise.all(slow.map((s) => s.closed));
    // the ten over the cap were closed without an answer, long before the timeout
    expect(ends.filter((e) => e.reply === '').length).toBeGreaterThanOrEqual(10);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});

describe('requests Node refuses before routing', () => {
  it('Content-Length together with Transfer-Encoding: a 400 problem document', async () => {
    const reply = await raw(
      'POST /api/portfolios HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect(reply).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, detail: expect.any(String) });
  });
});
