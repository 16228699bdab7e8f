/** Licenses used out of purchased, as a bar with the numbers beside it for screen readers. */
import { formatNumber } from '../lib/format';

export function UsageBar({ used, total, tone }: { used: number; total: number; tone: 'ok' | 'low' | 'out' }) {
  const ratio = total > 0 ? Math.min(1, used / total) : 0;
  const percent = Math.round(ratio * 100);
  return (
    <span className="usage">
      <span
        className={`usage-track is-${tone}`}
        role="meter"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.min(used, total)}
        aria-label={`${formatNumber(used)} of ${formatNumber(total)} licenses used`}
      >
        <span className="usage-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="usage-pct">{total > 0 ? `${percent}%` : '—'}</span>
    </span>
  );
}
