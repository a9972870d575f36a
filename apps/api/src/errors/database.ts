// Recognising Postgres failures, so each becomes the right problem instead of a 500.
import { QueryTimeoutError } from '@folio/db';

interface PgError {
  code?: string;
  constraint?: string;
  name?: string;
  message?: string;
  /** Objection wraps driver errors (db-errors) and keeps the original here */
  nativeError?: PgError;
}

function asPgError(err: unknown): PgError {
  if (typeof err !== 'object' || err === null) return {};
  const wrapped = err as PgError;
  return wrapped.nativeError ?? wrapped;
}

export const isUniqueViolation = (err: unknown, constraint?: string) =>
  asPgError(err).code === '23505' && (!constraint || asPgError(err).constraint === constraint);

export const isForeignKeyViolation = (err: unknown) => asPgError(err).code === '23503';

export const isCheckViolation = (err: unknown, constraint?: string) =>
  asPgError(err).code === '23514' && (!constraint || asPgError(err).constraint === constraint);

const unavailableCodes = new Set(['57P01', '57P02', '57P03', '53300', '40P01']);
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * True when Postgres cancelled a statement at its statement_timeout: the server stopped the work and
 * rolled back its transaction, so nothing of it was applied.
 */
export const isStatementTimeout = (err: unknown) => asPgError(err).code === '57014';

/** True when a query went unanswered and its connection was closed (a hung Postgres). */
export const isDatabaseTimeout = (err: unknown) => asPgError(err) instanceof QueryTimeoutError;

/** True when the database could not be reached or dropped the connection: the caller may retry. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (isDatabaseTimeout(err)) return true;
  const { code, name, message = '' } = asPgError(err);
  if (name === 'KnexTimeoutError') return true;
  if (code && (code.startsWith('08') || unavailableCodes.has(code) || networkCodes.has(code))) return true;
  return /Connection terminated|Client has encountered a connection error|connection timeout/i.test(message);
}
