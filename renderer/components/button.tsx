/**
 * A button that can be blocked with a reason. Blocked buttons stay focusable
 * (aria-disabled, not disabled) so keyboard and screen-reader users can still
 * reach them and hear why, and the tooltip shows on hover.
 */
import { useId, type ButtonHTMLAttributes, type ReactNode, type Ref } from 'react';
import { Icon, type IconName } from './icons';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children'> {
  variant?: Variant;
  size?: 'sm' | 'md';
  icon?: IconName;
  busy?: boolean;
  /** When set, the button does nothing and this sentence says why. */
  blockedReason?: string | null;
  children?: ReactNode;
  /** React 19 passes ref as a prop: the dialog focuses a button it renders. */
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  busy,
  blockedReason,
  children,
  className,
  onClick,
  disabled,
  title,
  type,
  ...rest
}: Props) {
  const reasonId = useId();
  const blocked = Boolean(blockedReason);
  const classes = ['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', blocked ? 'is-blocked' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <button
        type={type ?? 'button'}
        className={classes}
        disabled={disabled || busy}
        aria-disabled={blocked || undefined}
        aria-describedby={blocked ? reasonId : undefined}
        aria-busy={busy || undefined}
        title={blockedReason ?? title}
        onClick={blocked ? (e) => e.preventDefault() : onClick}
        {...rest}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} /> : null}
        {children}
      </button>
      {blocked ? (
        <span id={reasonId} className="visually-hidden">
          {blockedReason}
        </span>
      ) : null}
    </>
  );
}
