// An AbortSignal per request that fires when the client goes away before its answer is sent, so work
// done only for that answer (an analysis on a worker thread) can stop. Made on first use: most
// requests never ask.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const responses = new WeakMap<FastifyRequest, ServerResponse>();
const signals = new WeakMap<FastifyRequest, AbortSignal>();

export function trackClientGone(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    responses.set(req, reply.raw);
    done();
  });
}

/** Aborts when the connection closes before the response has been written in full. */
export function clientGoneSignal(req: FastifyRequest): AbortSignal | undefined {
  const known = signals.get(req);
  if (known) return known;
  const response = responses.get(req);
  if (!response) return undefined;
  const controller = new AbortController();
  if (response.destroyed && !response.writableFinished) controller.abort();
  // 'close' comes after the response is finished, or when the socket closes first (client gone).
  else response.once('close', () => response.writableFinished || controller.abort());
  signals.set(req, controller.signal);
  return controller.signal;
}
