/** The toast stack, bottom right; a polite live region so confirmations are read out. */
import { useToastStore } from '../stores/toast-store';
import { Icon } from './icons';

export function Toasts() {
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`}>
          <Icon name={t.tone === 'success' ? 'check' : t.tone === 'danger' ? 'error' : 'info'} />
          <span className="toast-text">{t.text}</span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
