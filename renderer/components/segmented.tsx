/** A one-of-several filter (radio group) with optional counts, e.g. VPP Terms Status. */
import { formatNumber } from '../lib/format';

export interface Segment<V extends string> {
  value: V;
  label: string;
  count?: number | null;
}

export function Segmented<V extends string>({
  label,
  value,
  segments,
  onChange,
}: {
  label: string;
  value: V;
  segments: Array<Segment<V>>;
  onChange: (v: V) => void;
}) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {segments.map((s) => (
        <button
          key={s.value}
          type="button"
          role="radio"
          aria-checked={value === s.value}
          className={`segment${value === s.value ? ' is-on' : ''}`}
          onClick={() => onChange(s.value)}
          onKeyDown={(e) => {
            // Arrow keys move within the group, as a radio group should.
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            e.preventDefault();
            const i = segments.findIndex((x) => x.value === value);
            const n = (i + (e.key === 'ArrowRight' ? 1 : segments.length - 1)) % segments.length;
            const next = segments[n];
            if (!next) return;
            onChange(next.value);
            e.currentTarget.parentElement?.querySelectorAll('button')[n]?.focus();
          }}
          tabIndex={value === s.value ? 0 : -1}
        >
          {s.label}
          {s.count !== undefined && s.count !== null ? (
            <span className="segment-count">{formatNumber(s.count)}</span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
