// Long answers (the whole list, the export) sent as their pieces are produced.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends what `open` opens as a chunked body, reading on only as fast as the client takes it
 * (backpressure), so memory stays flat whatever the size.
 *
 * - The first piece is awaited before anything is sent, so a failure before the first byte (database
 *   down, too many readers) is still an ordinary problem answer.
 * - A failure after it can only cut the body short: Fastify closes the connection mid-body, so no
 *   client mistakes a partial list for a whole one (it lacks its closing bracket and chunk).
 * - A client that takes nothing for `idleMs` is cut off, which ends the read and frees its database
 *   connection; so does a client that goes away (the source is closed).
 */
export async function sendStreamed(reply: FastifyReply, open: () => Promise<Readable>, idleMs: number): Promise<FastifyReply> {
  // HEAD (which Fastify routes to every GET) gets the headers without the database's work.
  if (reply.request.method === 'HEAD') return reply.send();
  const body = await open();
  await firstBytesOf(body);
  const res = reply.raw;
  res.setTimeout(idleMs, () => res.destroy());
  // The socket outlives the answer (keep-alive): give it back without this answer's idle limit.
  res.once('close', () => res.socket?.setTimeout?.(0));
  // Fastify pipes it, and destroys it if the client goes away (which frees its database connection).
  return reply.send(body);
}

/** Resolves once `stream` has bytes to give (or has ended); rejects with its error if it fails first. */
function firstBytesOf(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      stream.off('readable', onReadable);
      stream.off('error', settle);
      if (err) reject(err);
      else resolve();
    };
    const onReadable = () => settle();
    stream.once('readable', onReadable);
    stream.once('error', settle);
  });
}
