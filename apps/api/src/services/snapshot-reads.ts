// Long reads from one consistent snapshot (the whole list, the export), streamed to their reader.
// Each holds a pooled connection until its reader has taken the last byte, so they are capped at
// half the pool: however many slow readers arrive, the other half still serves everyone else. Past
// the cap a reader waits its turn (as long as a query waits for a connection), then gets 503.
import type { Readable } from 'node:stream';
import type { Knex } from '@folio/db';
import { BusyError } from '../errors/index.js';

export class SnapshotReads {
  private active = 0;
  /** readers waiting for a slot, first come first served */
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly db: Knex,
    /** how many may run at once; beyond it a reader waits for a slot, up to `waitMs` */
    readonly max: number,
    /** then 503 with Retry-After (the pool's own acquire timeout: the same wait any query gets) */
    private readonly waitMs = 2_000,
  ) {}

  /** Takes a slot for a streamed answer (see json-lines.ts) until the stream closes. */
  async stream(open: () => Promise<Readable>): Promise<Readable> {
    await this.take();
    let stream: Readable;
    try {
      stream = await open();
    } catch (err) {
      this.give();
      throw err;
    }
    stream.once('close', () => this.give());
    return stream;
  }

  private async take(): Promise<void> {
    if (this.active < this.max) {
      this.active += 1;
      return;
    }
    // Wait for a slot (most answers are short: a list of 100 portfolios takes milliseconds).
    let timer: NodeJS.Timeout | undefined;
    let turn: (() => void) | undefined;
    const granted = await new Promise<boolean>((resolve) => {
      turn = () => resolve(true);
      this.waiting.push(turn);
      timer = setTimeout(() => resolve(false), this.waitMs);
    });
    clearTimeout(timer);
    // Handed over by give() (`active` already counts it), possibly just as the wait ran out.
    const index = turn ? this.waiting.indexOf(turn) : -1;
    if (granted || index < 0) return;
    this.waiting.splice(index, 1);
    throw new BusyError(`${this.max} whole-list or export reads are already being sent; retry in a moment.`, 1);
  }

  /** Hands the slot to the next waiting reader, or frees it. */
  private give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }

  /**
   * Runs `read` in a read-only repeatable-read transaction and yields what it yields. The slot is
   * taken when the first value is asked for and given back when the reader finishes or stops early
   * (a closed connection ends the generator, which rolls back and releases the connection).
   */
  async *read<T>(read: (trx: Knex.Transaction) => AsyncGenerator<T>): AsyncGenerator<T> {
    await this.take();
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
      this.give();
    }
  }
}
