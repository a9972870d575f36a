// Analyses run on worker threads so a 1-second optimisation never stalls the event loop that answers
// portfolio reads. A bounded queue turns overload into a quick 503 instead of an ever-growing wait; a
// time budget and the client's disconnect both abort a task (piscina stops the thread running it).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { AnalyticsInputError, type AnalysisOutcome, type AnalysisResults, type AnalysisTask } from '@folio/analytics';
import { Piscina } from 'piscina';
import { AnalysisCancelledError, AnalysisTimeoutError, BusyError } from '../errors/index.js';

export interface AnalysisPoolOptions {
  /** worker threads (config: cores − 1, at least 1) */
  threads: number;
  /** tasks that may wait for a thread; one more is refused with a 503 */
  maxQueue: number;
  /** per-task time budget, queue wait included */
  timeoutMs: number;
}

// From the TypeScript sources (tests, `tsx`), the worker loads its .ts module through tsx's loader
// (found from here, not from the working directory); from the bundle (dist/main.js), the bundled
// dist/analysis-worker.js sits beside this code.
function workerModule(): { filename: string; execArgv: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { filename: new URL('./analysis-worker.js', import.meta.url).href, execArgv: [] };
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: new URL('./analysis-worker.ts', import.meta.url).href, execArgv: ['--import', tsxLoader] };
}

export class AnalysisPool {
  private created: Piscina<AnalysisTask, AnalysisOutcome> | undefined;
  readonly threads: number;
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  /** tasks stopped because their client went away or their time ran out (tests and logs) */
  cancelled = 0;
  /** tasks handed to the pool and not yet settled (running or queued) */
  pending = 0;
  /** tasks a worker finished (with an answer or an input error) */
  completed = 0;

  constructor(options: AnalysisPoolOptions) {
    this.threads = options.threads;
    this.timeoutMs = options.timeoutMs;
    this.maxQueue = options.maxQueue;
  }

  /** Started on the first analysis, so a process (or test) that runs none starts no threads. */
  private get pool(): Piscina<AnalysisTask, AnalysisOutcome> {
    this.created ??= new Piscina({
      ...workerModule(),
      minThreads: this.threads,
      maxThreads: this.threads,
      // The bound is enforced in run() (piscina's own counts free thread capacity too); this is a backstop.
      maxQueue: this.maxQueue + this.threads,
      // Threads stay up: starting one costs ~100 ms of module loading.
      idleTimeout: Number.POSITIVE_INFINITY,
    });
    return this.created;
  }


  /**
   * Runs one analysis on a worker. Bad input rejects with AnalyticsInputError (422); a full queue with
   * BusyError (503 + Retry-After); the time budget with AnalysisTimeoutError; `signal` (the client
   * went away) with AnalysisCancelledError. In each abort the thread running the task is stopped.
   */
  async run<K extends AnalysisTask['kind']>(task: Extract<AnalysisTask, { kind: K }>, signal?: AbortSignal): Promise<AnalysisResults[K]> {
    if (signal?.aborted) throw new AnalysisCancelledError();
    // Every thread busy and `maxQueue` tasks already waiting: refuse now rather than wait for long.
    if (this.pending >= this.threads + this.maxQueue) throw this.busy();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let outcome: AnalysisOutcome;
    this.pending += 1;
    try {
      outcome = await this.pool.run(task, { signal: abort });
    } catch (error) {
      if (abort.aborted) {
        this.cancelled += 1;
        if (timeout.aborted) throw new AnalysisTimeoutError(this.timeoutMs);
        throw new AnalysisCancelledError();
      }
      if (error instanceof Error && error.message === 'Task queue is at limit') throw this.busy();
      throw error;
    } finally {
      this.pending -= 1;
    }
    this.completed += 1;
    if (!outcome.ok) throw new AnalyticsInputError(outcome.error.message, outcome.error.path);
    return outcome.result as AnalysisResults[K];
  }

  /** Lets running tasks finish, refuses queued ones, stops the threads. */
  async close(): Promise<void> {
    await this.created?.close({ force: true });
  }

  private busy(): BusyError {
    // A rough wait: the queue ahead divided among the threads at the mean run time seen so far.
    const meanMs = this.pool.histogram.runTime.mean || 1000;
    const waiting = Math.max(0, this.pending - this.threads);
    const seconds = Math.ceil((meanMs * (waiting + 1)) / this.threads / 1000);
    return new BusyError(
      `The server is running as many analyses as it can queue (${waiting} waiting); retry shortly.`,
      Math.min(60, Math.max(1, seconds)),
    );
  }
}
