// Problem documents on the Fastify side: one error handler and one not-found handler for the whole app
// (REST, tRPC, the dashboard, /docs), and one way to send a problem.
import type { Problem } from '@folio/contract';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { TRPCError } from '@trpc/server';
import { problem, toProblem } from './problems.js';

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Client errors keep Fastify's sentence; anything else is logged and hidden (it may hold SQL or internals). */
function problemFor(error: FastifyError | TRPCError, req: FastifyRequest): Problem {
  if (error instanceof TRPCError) return toProblem(error);
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) {
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return problem(status, `The request body is not valid JSON: ${error.message}`);
    }
    return problem(status, error.message.endsWith('.') ? error.message : `${error.message}.`);
  }
  req.log.error({ err: error }, 'request failed');
  return problem(500, 'The server could not complete the request. It has been logged.');
}

export function problemErrorHandler(error: FastifyError | TRPCError, req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problemFor(error, req));
}

export function problemNotFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(404, `There is no route ${req.method} ${req.url.split('?')[0]?.slice(0, 200)}.`));
}
