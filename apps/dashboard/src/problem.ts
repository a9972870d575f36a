import { toFolioError, type Problem } from '@folio/sdk';

/**
 * The RFC 9457 problem behind any failed call, as the SDK reads it. A failure without an answer
 * (network down, server stopped) gets a sentence that says what to do.
 */
export function problemOf(error: unknown): Problem {
  const { problem } = toFolioError(error);
  if (problem.status !== 0) return problem;
  return { ...problem, detail: 'The server could not be reached. Check that Folio is running, then try again.' };
}

export function isUnauthorized(error: unknown): boolean {
  return problemOf(error).status === 401;
}

export interface FormErrors {
  /** field name → the server's message about it */
  fields: Record<string, string>;
  /** what did not belong to any field on the form (the problem's detail), or null */
  form: string | null;
}

/**
 * Splits a problem into messages for the form's own fields and one message for the rest, so each
 * server rule is shown next to the input that broke it.
 */
export function formErrors(error: unknown, fieldNames: readonly string[]): FormErrors {
  if (!error) return { fields: {}, form: null };
  const problem = problemOf(error);
  const fields: Record<string, string> = {};
  let unplaced = false;
  for (const { path, message } of problem.errors ?? []) {
    const field = path.split('.')[0] ?? '';
    // One message per field (the first); a second one about the same field is not a form-level problem.
    if (fieldNames.includes(field)) fields[field] ??= message;
    else unplaced = true;
  }
  const placedAny = Object.keys(fields).length > 0;
  return { fields, form: placedAny && !unplaced ? null : problem.detail };
}
