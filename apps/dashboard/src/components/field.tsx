import { useId, type ComponentProps, type ReactNode } from 'react';

interface ShellProps {
  label: ReactNode;
  hint?: ReactNode;
  /** the server's (or the parser's) message about this field */
  error?: string | undefined;
  className?: string | undefined;
}

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** Label, control, hint and error, with the error tied to the control (aria-invalid + describedby). */
function FieldShell({ label, hint, error, className, control }: ShellProps & { control: (p: ControlProps) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field--invalid' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId}>{error}</FieldError>
    </div>
  );
}

/** The message under a control; the control points at `id` with aria-describedby. */
export function FieldError({ id, children }: { id: string; children: string | undefined }) {
  if (!children) return null;
  return (
    <p className="field__error" id={id}>
      {children}
    </p>
  );
}

export function Field({ label, hint, error, className, ...input }: ShellProps & ComponentProps<'input'>) {
  return <FieldShell {...{ label, hint, error, className }} control={(p) => <input {...input} {...p} />} />;
}

export function TextAreaField({ label, hint, error, className, ...area }: ShellProps & ComponentProps<'textarea'>) {
  return <FieldShell {...{ label, hint, error, className }} control={(p) => <textarea rows={3} {...area} {...p} />} />;
}

/** A message about a whole form or page; role=alert so screen readers hear it when it appears. */
export function ErrorMessage({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="error-message" role="alert">
      {children}
    </p>
  );
}
