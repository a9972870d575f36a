// Long answers (the whole list, the export) as bytes straight from Postgres: COPY writes one
// portfolio's JSON per line, this frames the lines as one JSON text on the way to the socket. No
// JavaScript strings or objects per portfolio (only Buffers, passed on and freed), and backpressure
// end to end: a slow client pauses the socket read from Postgres, so memory stays flat at any size.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Knex } from '@folio/db';
import { to as copyTo } from 'pg-copy-streams';

/** What goes around and between the lines: open + first + line + between + line … + close. */
export interface LinesFrame {
  open: string;
  first: string;
  between: string;
  close: string;
}

export interface FrameOptions {
  /** called with the whole framed text once it is complete, if it is at most `keepUpTo` bytes (the cache's fill) */
  keepUpTo?: number;
  onComplete?: (text: string) => void;
}

const NEWLINE = 0x0a;
const ODD_MARK = 0x21; // '!'
/** Bytes gathered before they are passed on: one chunk (and one write to the socket) per ~64 KB. */
const OUTPUT_BYTES = 64 * 1024;

/**
 * COPY's lines framed as one JSON text. A line marked odd (a double Postgres prints unlike
 * JavaScript) is re-serialised, so the bytes are JSON.stringify's. A partial line is carried over.
 */
export class JsonLinesFrame extends Transform {
  private carry: Buffer | undefined;
  private lines = 0;
  private readonly between: Buffer;
  private kept: Buffer[] | undefined;
  private keptBytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly frame: LinesFrame,
    private readonly options: FrameOptions = {},
  ) {
    super();
    this.between = Buffer.from(frame.between);
    if (options.keepUpTo !== undefined && options.onComplete) this.kept = [];
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const parts: Buffer[] = [];
    let start = 0;
    try {
      for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
        parts.push(this.lines === 0 ? Buffer.from(this.frame.open + this.frame.first) : this.between);
        parts.push(data[start] === ODD_MARK ? Buffer.from(JSON.stringify(JSON.parse(data.toString('utf8', start + 1, end)))) : data.subarray(start, end));
        this.lines += 1;
        start = end + 1;
      }
    } catch (err) {
      return done(err as Error);
    }
    // A copy, so the carried tail does not keep the whole chunk alive.
    this.carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
    for (const part of parts) {
      this.pending.push(part);
      this.pendingBytes += part.length;
    }
    // COPY sends a message per row: passed on one by one, each would be its own chunk and write(2).
    if (this.pendingBytes < OUTPUT_BYTES) return done();
    done(null, this.takePending());
  }

  override _flush(done: TransformCallback): void {
    if (this.carry) return done(new Error('the COPY output ended in the middle of a line'));
    this.pending.push(Buffer.from(this.lines === 0 ? this.frame.open + this.frame.close : this.frame.close));
    const out = this.takePending();
    if (this.kept) this.options.onComplete?.(Buffer.concat(this.kept).toString('utf8'));
    done(null, out);
  }

  private takePending(): Buffer {
    const out = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.keep(out);
    return out;
  }

  private keep(out: Buffer): void {
    if (!this.kept) return;
    this.keptBytes += out.length;
    if (this.keptBytes > (this.options.keepUpTo ?? 0)) this.kept = undefined;
    else this.kept.push(out);
  }
}

/**
 * Runs `copySql` (a COPY … TO STDOUT) on a pooled connection and returns its lines framed, as a
 * stream. The COPY is one statement, so one snapshot; it runs without the statement time limit,
 * since it lasts as long as its reader takes (the reader's own idle limit bounds a stalled one).
 * The connection goes back to the pool when the stream ends; if the reader stops early, or Postgres
 * fails mid-way, the connection is closed instead (it is mid-COPY) and the stream errors.
 */
export async function copyJsonLines(db: Knex, copySql: string, frame: LinesFrame, options: FrameOptions = {}): Promise<Readable> {
  const trx = await db.transaction({ readOnly: true });
  type Conn = { query: (stream: unknown) => Readable; connection?: { stream?: { destroy: () => void } } };
  let conn: Conn;
  let copy: Readable;
  try {
    // No statement limit (see above); no JIT: compiling this plan cost more than it saved (docs/performance.md).
    await trx.raw('SET LOCAL statement_timeout = 0; SET LOCAL jit = off');
    conn = (await trx.client.acquireConnection()) as Conn;
    copy = conn.query(copyTo(copySql));
  } catch (err) {
    await trx.rollback().catch(() => {});
    throw err;
  }
  const framed = new JsonLinesFrame(frame, options);
  let finished = false;
  const abandon = () => {
    if (finished) return;
    finished = true;
    conn.connection?.stream?.destroy();
    void trx.rollback().catch(() => {});
  };
  copy.once('error', (err) => {
    framed.destroy(err);
    abandon();
  });
  copy.once('end', () => {
    if (finished) return;
    finished = true;
    trx.commit().catch(() => {});
  });
  framed.once('close', () => {
    if (!framed.writableFinished) abandon();
  });
  copy.pipe(framed);
  return framed;
}
