// Long answers (the whole list, the export) sent as their pieces are produced.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends the text pieces of `pieces` as a chunked body, asking for the next piece only once the
 * client has taken the last (backpressure), so memory stays flat whatever the size.
 *
 * - The first piece is awaited before anything is sent, so a failure before the first byte (database
 *   down, too many readers) is still an ordinary problem answer.
 * - A failure after it can only cut the body short: Fastify closes the connection mid-body, so no
 *   client mistakes a partial list for a whole one (it lacks its closing bracket and chunk).
 * - A client that takes nothing for `idleMs` is cut off, which ends the read and frees its database
 *   connection; so does a client that goes away (the generator is closed, its `finally` runs).
 */
export async function sendStreamed(reply: FastifyReply, pieces: AsyncGenerator<string>, idleMs: number): Promise<FastifyReply> {
  const first = await pieces.next();
  async function* body() {
    if (!first.done) yield first.value;
    yield* pieces;
  }
  // Bytes, not objects: the stream then holds at most one piece (a page, ~1 MB) beyond what the
  // socket has buffered.
  const stream = Readable.from(body(), { objectMode: false, highWaterMark: 64 * 1024 });
  // Also when the stream is destroyed before body() has started (it would then never close `pieces`).
  stream.once('close', () => void pieces.return(undefined));
  const res = reply.raw;
  res.setTimeout(idleMs, () => res.destroy());
  // The socket outlives the answer (keep-alive): give it back without this answer's idle limit.
  res.once('close', () => res.socket?.setTimeout?.(0));
  return reply.send(stream);
}
