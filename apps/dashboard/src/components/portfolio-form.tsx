import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useServerFieldErrors } from '../lib/use-server-field-errors';
import { ErrorMessage, Field, TextAreaField } from './field';

export interface PortfolioFormValues {
  name: string;
  /** a blank description is sent as null: "no description", not an empty one */
  description: string | null;
}

interface PortfolioFormProps {
  heading: ReactNode;
  /** h1 when the form replaces the page's own heading */
  level: 1 | 2;
  initial?: PortfolioFormValues;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** the last failed call, whose problem is shown on the fields */
  error: unknown;
  onSubmit: (values: PortfolioFormValues) => void;
  onCancel: () => void;
}

/** Name and description, for both creating a portfolio and editing one. */
export function PortfolioForm({ heading, level, initial, submitLabel, pendingLabel, pending, error, onSubmit, onCancel }: PortfolioFormProps) {
  const headingId = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const errors = useServerFieldErrors(error, ['name', 'description']);
  const Heading = level === 1 ? 'h1' : 'h2';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name, description: description.trim() === '' ? null : description });
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby={headingId} noValidate>
      <Heading id={headingId}>{heading}</Heading>
      <Field
        label="Name"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          errors.changed('name');
        }}
        error={errors.field('name')}
        autoFocus
      />
      <TextAreaField
        label="Description (optional)"
        value={description}
        onChange={(e) => {
          setDescription(e.target.value);
          errors.changed('description');
        }}
        error={errors.field('description')}
      />
      <ErrorMessage>{errors.form}</ErrorMessage>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
