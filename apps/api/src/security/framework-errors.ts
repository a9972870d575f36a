import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../http-problems.js';
import { problem } from '../problems.js';

/**
 * Errors Fastify raises before routing (a malformed percent-escape in the URL, a bad header), which
 * no error handler sees: answered as problem documents like everything else.
 */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail = error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid: it has a malformed percent-escape.' : 'The request is malformed.';
  void sendProblem(reply, problem(status, detail));
}
