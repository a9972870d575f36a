/** An error whose message is the whole story for an operator: printed without a stack trace. */
export class CliError extends Error {}

/** Wraps a command's action: a CliError becomes one line on stderr and exit code 1. */
export function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await run(...args);
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 1;
    }
  };
}
