// Long reads from one consistent snapshot (the whole list, the export), streamed to their reader.
// Each holds a pooled connection until its reader has taken the last byte, so they are capped at
// half the pool: however many slow readers arrive, the other half still serves everyone else.
import type { Readable } from 'node:stream';
import type { Knex } from '@folio/db';
import { BusyError } from '../errors/index.js';

/** Streamed text goes out in pieces of about this many characters (the CLI's export). */
export const PIECE_CHARS = 64 * 1024;

export class SnapshotReads {
  private active = 0;

  constructor(
    private readonly db: Knex,
    /** how many may run at once; beyond it a reader gets 503 with Retry-After at once */
    readonly max: number,
  ) {}

  /** Takes a slot for a streamed answer (see json-lines.ts) until the stream closes. */
  async stream(open: () => Promise<Readable>): Promise<Readable> {
    this.take();
    let stream: Readable;
    try {
      stream = await open();
    } catch (err) {
      this.active -= 1;
      throw err;
    }
    stream.once('close', () => (this.active -= 1));
    return stream;
  }

  private take(): void {
    if (this.active >= this.max) {
      throw new BusyError(`${this.max} whole-list or export reads are already being sent; retry in a moment.`, 1);
    }
    this.active += 1;
  }

  /**
   * Runs `read` in a read-only repeatable-read transaction and yields what it yields. The slot is
   * taken when the first value is asked for and given back when the reader finishes or stops early
   * (a closed connection ends the generator, which rolls back and releases the connection).
   */
  async *read<T>(read: (trx: Knex.Transaction) => AsyncGenerator<T>): AsyncGenerator<T> {
    this.take();
    try {
      // Inside a request's transaction (a keyed request's savepoint) that transaction is the snapshot.
      if (this.db.isTransaction) {
        yield* read(this.db as Knex.Transaction);
        return;
      }
      const trx = await this.db.transaction({ isolationLevel: 'repeatable read', readOnly: true });
      try {
        yield* read(trx);
        await trx.commit();
      } finally {
        if (!trx.isCompleted()) await trx.rollback();
      }
    } finally {
      this.active -= 1;
    }
  }
}
