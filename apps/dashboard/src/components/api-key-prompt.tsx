import { useState, type FormEvent } from 'react';
import { readApiKey, saveApiKey } from '../api-key';
import { Field } from './field';
import { Modal } from './modal';

interface ApiKeyPromptProps {
  /** true when the server has just refused the current key (or the lack of one) */
  refused: boolean;
  onDone: (changed: boolean) => void;
}

/** Asks for the key the server wants; it is kept in this browser and sent as a bearer token. */
export function ApiKeyPrompt({ refused, onDone }: ApiKeyPromptProps) {
  const stored = readApiKey();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!key.trim()) return setError('Enter the API key you were given');
    saveApiKey(key.trim());
    onDone(true);
  };

  return (
    <Modal labelledBy="api-key-title" onCancel={() => onDone(false)}>
      <form onSubmit={submit} noValidate>
        <h2 id="api-key-title">API key</h2>
        <p>
          {refused
            ? stored
              ? 'The server refused the saved API key (401). Enter a valid one.'
              : 'This Folio server needs an API key (it answered 401).'
            : 'The key this browser sends to the Folio server.'}{' '}
          It is kept in this browser only and sent as <code>Authorization: Bearer …</code>.
        </p>
        <Field
          label="API key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          error={error}
          autoFocus
        />
        <div className="actions">
          {stored ? (
            <button
              type="button"
              onClick={() => {
                saveApiKey(null);
                onDone(true);
              }}
            >
              Forget saved key
            </button>
          ) : null}
          <button type="button" onClick={() => onDone(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save key
          </button>
        </div>
      </form>
    </Modal>
  );
}
