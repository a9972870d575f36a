// What went wrong, in the service layer's words: no HTTP status, no tRPC code. The API and the CLI
// turn these into problem documents (to-problem.ts); the services only say which rule was broken.
import type { FieldError } from '@folio/contract';

/** A failure the caller can act on; `detail` is a sentence for a person, `errors` names the fields. */
export abstract class DomainError extends Error {
  constructor(
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
  }
}

/** The thing asked for does not exist. */
export class NotFoundError extends DomainError {}

/** The request is fine but collides with the current state (a held ticker, a concurrent write). */
export class ConflictError extends DomainError {}

/** Well-formed input that breaks a rule (weights above 1, a duplicate id in a file). */
export class RuleError extends DomainError {}

/** No credentials, or credentials that are not (or no longer) valid. */
export class UnauthenticatedError extends DomainError {}

/** Valid credentials that do not allow this. */
export class ForbiddenError extends DomainError {}

/**
 * A rule an import file breaks; `path` names the value (portfolios[3].stocks[1].weight), `line` where
 * it ends (known when reading a file, not for a request body).
 */
export class ImportFileError extends RuleError {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    const where = `${line !== undefined ? `line ${line}, ` : ''}${path}: ${reason}`;
    super(`${where}. Nothing was imported.`, [{ path, message: reason }]);
    this.message = where;
  }

  /** The same error with its path under `prefix` (an import request's `document`). */
  within(prefix: string): ImportFileError {
    return new ImportFileError(`${prefix}.${this.path}`, this.reason, this.line);
  }
}

// ---- analyses (input errors are @folio/analytics' AnalyticsInputError, answered 422 by toProblem) ----

/** Too much work already queued; the caller should retry after `retryAfterSeconds`. */
export class BusyError extends DomainError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}

/** An analysis ran out of its time budget and was stopped. */
export class AnalysisTimeoutError extends DomainError {
  constructor(readonly timeoutMs: number) {
    super(`The analysis did not finish within its time budget of ${timeoutMs} ms and was stopped; ask for less work (fewer paths, points or tickers) or retry later.`);
  }
}

/** The client went away; its analysis was stopped (no one reads this answer). */
export class AnalysisCancelledError extends DomainError {
  constructor() {
    super('The client closed the request; the analysis was stopped.');
  }
}
