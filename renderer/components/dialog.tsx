/**
 * Modal dialog on the native <dialog>: showModal() makes the rest of the
 * window inert and gives Escape for free; we add a labelled header, return
 * focus to whatever opened it, and refuse to close while work is running.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Icon } from './icons';

interface Props {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** While true, Escape and the close button do nothing (an upload is in flight). */
  busy?: boolean;
  size?: 'sm' | 'md' | 'lg';
  footer?: ReactNode;
  children: ReactNode;
  testId?: string;
}

export function Dialog({ title, description, onClose, busy, size = 'md', footer, children, testId }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    return () => {
      if (dialog.open) dialog.close();
      opener?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      data-testid={testId}
      onCancel={(e) => {
        // Escape: close unless something is running that must not be abandoned.
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <header className="dialog-header">
        <div>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          {description ? (
            <p id={descId} className="dialog-desc">
              {description}
            </p>
          ) : null}
        </div>
        <button type="button" className="icon-btn" aria-label="Close" onClick={onClose} disabled={busy}>
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </dialog>
  );
}
