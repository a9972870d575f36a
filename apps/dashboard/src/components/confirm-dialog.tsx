import type { ReactNode } from 'react';
import { Modal } from './modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  /** the confirm button's text while busy (default: Deleting…) */
  busyLabel?: string;
  /** the confirm button's style: danger for deletions (default), primary otherwise */
  tone?: 'danger' | 'primary';
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, children, confirmLabel, busy, busyLabel = 'Deleting…', tone = 'danger', error, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Modal labelledBy="confirm-title" onCancel={onCancel} busy={busy}>
      <h2 id="confirm-title">{title}</h2>
      <div className="dialog__body">{children}</div>
      {error ? (
        <p className="error-message" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className={tone} onClick={onConfirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
