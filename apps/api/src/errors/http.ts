// Problem documents on the Fastify side: the app-wide error and not-found handlers, the handler for
// errors Fastify raises before routing, and one way to send a problem. Installed once, in app.ts.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Problem } from '@folio/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TRPCError } from '@trpc/server';
import { problem } from './problem.js';
import { retryAfterOf, toProblem } from './to-problem.js';

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

function problemErrorHandler(error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const body = toProblem(error);
  // tRPC errors were logged by the procedure middleware; anything else that is hidden is logged here.
  if (body.status >= 500 && !(error instanceof TRPCError)) req.log.error({ err: error }, 'request failed');
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  return sendProblem(reply, body);
}

/** The API's own paths: their 404s are problem documents whoever asks. */
const API_PATHS = /^\/(api|trpc|health|openapi\.json|docs)(\/|\?|$)/;

/** A browser navigating to a page (not fetch() or curl, which do not put text/html in Accept). */
const isPageRequest = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') && !API_PATHS.test(req.url) && /\btext\/html\b/.test(req.headers.accept ?? '');

function problemNotFoundHandler(htmlPage: () => Buffer | undefined) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const page = isPageRequest(req) ? htmlPage() : undefined;
    // The dashboard's index.html draws its own "Page not found" for a path it does not know.
    if (page) return reply.code(404).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    return sendProblem(reply, problem(404, `There is no route ${req.method} ${req.url.split('?')[0]?.slice(0, 200)}.`));
  };
}

/**
 * Root handlers, so every route (REST, tRPC, the dashboard, /docs) answers errors as problem documents;
 * a browser asking for an unknown page gets `htmlPage()` (the dashboard) instead, when there is one.
 */
export function installProblemHandlers(app: FastifyInstance, htmlPage: () => Buffer | undefined = () => undefined): void {
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler(problemNotFoundHandler(htmlPage));
}

/**
 * Errors Fastify raises before routing (a malformed percent-escape in the URL, a bad header), which
 * no error handler sees: answered as problem documents like everything else.
 */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail = error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: it has a malformed percent-escape.' : 'The request is malformed.';
  void sendProblem(reply, problem(status, detail));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (both Content-Length and
 * Transfer-Encoding, a bad header, a request not received within the request timeout): answered with
 * a problem document too, then the connection is closed, as Node itself would.
 */
export function clientErrors(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request was not received in time; the connection is closed.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are too large.']
        : [400, 'The request is not valid HTTP (for example, it has both Content-Length and Transfer-Encoding).'];
  const body = JSON.stringify({ ...problem(status, detail), title: STATUS_CODES[status] });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
