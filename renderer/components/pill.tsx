/** A status pill: colour plus text, never colour alone. */
import type { Tone } from '../lib/labels';
import type { ReactNode } from 'react';

export function Pill({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`pill pill-${tone}`} title={title}>
      <span className="pill-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
