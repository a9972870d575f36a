// Progress for long CLI tasks, on stderr so stdout stays clean for data: a redrawn bar on a terminal,
// a plain line every few seconds when piped or logged (a bar there would be one endless line of \r).

export interface ProgressState {
  /** rows (portfolios) done */
  done: number;
  /** fraction of the work done (0..1) when known, for the bar and the time left */
  fraction?: number;
}

const WIDTH = 24;
const fmt = new Intl.NumberFormat('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export class Progress {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly tty: boolean = Boolean(process.stderr.isTTY),
    private readonly lineEveryMs = 2000,
  ) {}

  update(state: ProgressState): void {
    const now = Date.now();
    if (now - this.last < (this.tty ? 100 : this.lineEveryMs)) return;
    this.last = now;
    this.draw(state, now);
  }

  /** The final state, then a newline on a terminal so the next output starts clean. */
  finish(state: ProgressState): void {
    this.draw({ ...state, fraction: 1 }, Date.now());
    if (this.tty && this.drawn) this.out.write('\n');
  }

  private draw({ done, fraction }: ProgressState, now: number): void {
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const parts = [`${fmt.format(done)} ${this.label}`, `${fmt.format(Math.round(rate))}/s`];
    if (fraction !== undefined && fraction > 0 && fraction < 1) parts.push(`${duration((elapsed * (1 - fraction)) / fraction)} left`);
    if (!this.tty) {
      this.out.write(`${parts.join(', ')}\n`);
      return;
    }
    const f = Math.min(1, Math.max(0, fraction ?? 0));
    const filled = Math.round(f * WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}%`;
    this.out.write(`\r\u001b[2K${bar} ${parts.join(' · ')}`);
    this.drawn = true;
  }
}
