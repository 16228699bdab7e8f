/** A page-wide message with what to do about it; warnings and errors are announced. */
import { Icon, type IconName } from './icons';
import type { ReactNode } from 'react';

type BannerTone = 'info' | 'warning' | 'danger' | 'offline';

const ICONS: Record<BannerTone, IconName> = { info: 'info', warning: 'warning', danger: 'error', offline: 'offline' };

export function Banner({
  tone,
  title,
  children,
  actions,
  onDismiss,
  testId,
}: {
  tone: BannerTone;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}) {
  return (
    <div className={`banner banner-${tone}`} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testId}>
      <Icon name={ICONS[tone]} size={18} className="banner-icon" />
      <div className="banner-body">
        <strong className="banner-title">{title}</strong>
        {children ? <span className="banner-text"> {children}</span> : null}
      </div>
      {actions ? <div className="banner-actions">{actions}</div> : null}
      {onDismiss ? (
        <button type="button" className="icon-btn" aria-label="Dismiss" onClick={onDismiss}>
          <Icon name="close" />
        </button>
      ) : null}
    </div>
  );
}
