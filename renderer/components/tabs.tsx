/** ARIA tabs with arrow-key movement; panels are rendered by the caller under the active tab. */
import type { ReactNode } from 'react';

export interface TabDef<V extends string> {
  value: V;
  label: string;
}

export function Tabs<V extends string>({
  label,
  value,
  tabs,
  onChange,
  idBase,
  children,
}: {
  label: string;
  value: V;
  tabs: Array<TabDef<V>>;
  onChange: (v: V) => void;
  idBase: string;
  children: ReactNode;
}) {
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.value}
            id={`${idBase}-tab-${t.value}`}
            type="button"
            role="tab"
            aria-selected={t.value === value}
            aria-controls={`${idBase}-panel`}
            tabIndex={t.value === value ? 0 : -1}
            className={`tab${t.value === value ? ' is-on' : ''}`}
            onClick={() => onChange(t.value)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              e.preventDefault();
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
              if (!next) return;
              onChange(next.value);
              document.getElementById(`${idBase}-tab-${next.value}`)?.focus();
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${idBase}-panel`} role="tabpanel" aria-labelledby={`${idBase}-tab-${value}`} className="tab-panel">
        {children}
      </div>
    </div>
  );
}
