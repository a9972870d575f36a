import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One line per answered request instead of Fastify's two ("incoming request" with the whole request,
 * "request completed"): its id (reqId, from the request's child logger), method, route pattern (not
 * the URL, so no query strings), status and latency in ms, at `info` (at `error` with the error when
 * the response itself failed). Headers are never logged, so an Authorization header cannot reach the
 * log. Fastify's other lines (errors of the default handler, stream errors) are kept.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: req.method,
      route: req.routeOptions.url ?? '(no route)',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request');
    else reply.log.info(line, 'request');
  }
}
