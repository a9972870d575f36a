import { problemSchema, type Problem } from '@folio/contract';

/**
 * The RFC 9457 problem behind any failed call. The server puts it in `error.data.problem`; a network
 * failure or a proxy's HTML error page has none, so one is made up that still reads as a sentence.
 */
export function problemOf(error: unknown): Problem {
  const data = (error as { data?: { problem?: unknown; httpStatus?: number } } | null)?.data;
  const parsed = problemSchema.safeParse(data?.problem);
  if (parsed.success) return parsed.data;
  const status = data?.httpStatus ?? 0;
  const detail =
    status === 0
      ? 'The server could not be reached. Check that Folio is running, then try again.'
      : error instanceof Error && error.message
        ? error.message
        : `The server answered ${status}.`;
  return { type: 'about:blank', title: 'Error', status, detail };
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
    if (fieldNames.includes(field) && !(field in fields)) fields[field] = message;
    else unplaced = true;
  }
  const placedAny = Object.keys(fields).length > 0;
  return { fields, form: placedAny && !unplaced ? null : problem.detail };
}
