import { pino, type Logger } from 'pino';

/** Bytes gathered before one write(2); ~15 request lines. */
const BUFFER_BYTES = 4096;
/** A quiet server still shows its lines within this long. */
const FLUSH_EVERY_MS = 100;

/**
 * The process logger: JSON lines on stdout, written asynchronously in batches of up to 4 KiB (one
 * syscall per ~15 request lines instead of one each; see docs/performance.md for what that saves)
 * and flushed at least every 100 ms. pino flushes synchronously on exit, including after an uncaught
 * exception; only a kill -9 or an out-of-memory kill can lose lines: at most the last 100 ms, and at
 * most 4 KiB.
 */
export function createLogger(level: string, dest: number | string = 1): { logger: Logger; close: () => void } {
  const destination = pino.destination({ dest, sync: false, minLength: BUFFER_BYTES });
  const flusher = setInterval(() => destination.flush(), FLUSH_EVERY_MS);
  flusher.unref();
  const logger = pino({ level }, destination);
  return {
    logger,
    close: () => {
      clearInterval(flusher);
      destination.flushSync();
    },
  };
}
