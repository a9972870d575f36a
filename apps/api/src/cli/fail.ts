import { toProblem } from '../errors/index.js';

/** An error whose message is the whole story for an operator: printed without a stack trace. */
export class CliError extends Error {}

/**
 * Wraps a command's action: a CliError, or any error that is the caller's to fix (a broken import
 * file, a conflict: the same problems the API answers with a 4xx), becomes one line on stderr and exit
 * code 1. Anything else keeps its stack trace.
 */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (err) {
      const message = err instanceof CliError ? err.message : clientProblem(err);
      if (message === undefined) throw err;
      process.stderr.write(`error: ${message}\n`);
      process.exitCode = 1;
    }
  };
}

function clientProblem(err: unknown): string | undefined {
  const problem = toProblem(err);
  return problem.status < 500 ? problem.detail : undefined;
}
