import { useState } from 'react';
import { formErrors } from '../problem';

/**
 * The server's message for each field of a form, hidden once the user changes that field: the
 * message was about the value that was sent, not the one now typed. A new failure shows all again.
 */
export function useServerFieldErrors(error: unknown, fieldNames: readonly string[]) {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [shownFor, setShownFor] = useState(error);
  if (error !== shownFor) {
    // Derived state reset during render (React's documented pattern), so no frame shows stale messages.
    setShownFor(error);
    setEdited(new Set());
  }
  const errors = formErrors(error, fieldNames);
  return {
    field: (name: string): string | undefined => (edited.has(name) ? undefined : errors.fields[name]),
    form: errors.form,
    /** call from the field's onChange */
    changed: (name: string) => {
      if (errors.fields[name] !== undefined && !edited.has(name)) setEdited(new Set([...edited, name]));
    },
  };
}
