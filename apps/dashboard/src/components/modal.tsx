import { useEffect, useRef, type ReactNode } from 'react';

interface ModalProps {
  labelledBy: string;
  /** Escape, unless the dialog is busy */
  onCancel: () => void;
  busy?: boolean;
  children: ReactNode;
}

/** A modal <dialog>: the browser supplies focus trapping, Escape to close and the backdrop. */
export function Modal({ labelledBy, onCancel, busy, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault(); // React decides when the dialog goes, by unmounting it
        if (!busy) onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
