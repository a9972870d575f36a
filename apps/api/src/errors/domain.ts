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
