/**
 * Modal dialog on the native <dialog>: showModal() makes the rest of the
 * window inert and gives Escape for free; we add a labelled header, put
 * focus on the first field (showModal alone would pick Close, and a
 * reflexive Enter would close the dialog), return focus to whatever opened
 * it, refuse to close while work is running, and ask before Escape or Close
 * throws away something the admin chose (discardWarning).
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Button } from './button';
import { Icon } from './icons';

/**
 * Where focus lands when the dialog opens: the body's first control in
 * reading order, skipping hidden ones and small icon buttons (clearing a
 * preset app is no first move); a dialog with no control in its body
 * (a confirmation) starts on the footer's first button, Cancel.
 */
const CONTROL =
  ':is(input, select, textarea, button, [href], [tabindex]):not([disabled], [tabindex="-1"], [hidden], [aria-hidden="true"], .icon-btn)';

function firstField(dialog: HTMLElement): HTMLElement | null {
  const visible = (el: HTMLElement) => el.getClientRects().length > 0;
  const first = (scope: string) =>
    Array.from(dialog.querySelectorAll<HTMLElement>(`${scope} ${CONTROL}`)).find(visible) ?? null;
  return dialog.querySelector<HTMLElement>('[autofocus]') ?? first('.dialog-body') ?? first('.dialog-footer');
}

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
  /** When set, Escape and Close ask with this sentence before closing (a selection would be lost). */
  discardWarning?: string | null;
}

export function Dialog({
  title,
  description,
  onClose,
  busy,
  size = 'md',
  footer,
  children,
  testId,
  discardWarning,
}: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);

  const requestClose = () => {
    if (busy) return;
    if (discardWarning && !asking) setAsking(true);
    else onClose();
  };

  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    firstField(dialog)?.focus();
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
        // Escape: close unless something is running that must not be abandoned;
        // a second Escape while asking means "keep editing".
        e.preventDefault();
        if (asking) setAsking(false);
        else requestClose();
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
        <button type="button" className="icon-btn" aria-label="Close" onClick={requestClose} disabled={busy}>
          <Icon name="close" />
        </button>
      </header>
      <div className="dialog-body">{children}</div>
      {asking && discardWarning ? (
        <div className="dialog-footer dialog-discard" role="alertdialog" aria-label="Discard changes?">
          <span className="footer-hint is-warning">{discardWarning}</span>
          <Button ref={keepRef} onClick={() => setAsking(false)}>
            Keep editing
          </Button>
          <Button variant="danger" onClick={onClose}>
            Discard
          </Button>
        </div>
      ) : footer ? (
        <footer className="dialog-footer">{footer}</footer>
      ) : null}
    </dialog>
  );
}
