import type { FastifyReply } from 'fastify';

// The tRPC adapter answers with a fetch Response, whose status and headers Fastify copies onto the reply
// only after the onSend hooks ran; hooks that judge the status must look inside it.
export const isFetchResponse = (payload: unknown): payload is Response =>
  typeof payload === 'object' && payload !== null && Object.prototype.toString.call(payload) === '[object Response]';

export function sentStatus(reply: FastifyReply, payload: unknown): number {
  return isFetchResponse(payload) ? payload.status : reply.statusCode;
}

/** Reads a Response payload into the reply (status, headers) and returns its body as text to send instead. */
export async function materialize(reply: FastifyReply, payload: Response): Promise<string> {
  const body = await payload.text();
  reply.code(payload.status);
  for (const [name, value] of payload.headers) {
    if (name !== 'content-length' && name !== 'transfer-encoding') reply.header(name, value);
  }
  return body;
}
