/** An on/off filter shown as a pressed button (aria-pressed), e.g. "Low stock only". */
import type { ReactNode } from 'react';

export function Toggle({
  pressed,
  onChange,
  children,
}: {
  pressed: boolean;
  onChange: (v: boolean) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`toggle${pressed ? ' is-on' : ''}`}
      aria-pressed={pressed}
      onClick={() => onChange(!pressed)}
    >
      <span className="toggle-box" aria-hidden="true" />
      {children}
    </button>
  );
}
