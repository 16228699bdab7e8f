/**
 * How often VPP Desk syncs, when the next one is due, and how the last few
 * went: the twice-a-day default can be changed here, and a failed run says
 * why without sending the admin to the Activity page.
 */
import { useState } from 'react';
import { api, messageOf } from '../api';
import { formatDateTime, formatNumber, formatRelative } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { toast } from '../stores/toast-store';
import { Pill } from './pill';
import type { SyncHistoryEntry } from '../../shared/domain';

const INTERVALS = [
  { hours: 4, label: 'Every 4 hours' },
  { hours: 6, label: 'Every 6 hours' },
  { hours: 12, label: 'Twice a day' },
  { hours: 24, label: 'Once a day' },
  { hours: 168, label: 'Once a week' },
];

const TRIGGERS: Record<SyncHistoryEntry['trigger'], string> = {
  manual: 'Sync now',
  schedule: 'Scheduled',
  startup: 'At start-up',
  cli: 'Command line',
  wake: 'After sleep',
  tray: 'Tray',
};

export function SyncScheduleCard() {
  const sync = useAppStore((s) => s.sync);
  const refresh = useAppStore((s) => s.refresh);
  const [saving, setSaving] = useState(false);
  if (!sync) return null;

  const options = INTERVALS.some((i) => i.hours === sync.intervalHours)
    ? INTERVALS
    : [...INTERVALS, { hours: sync.intervalHours, label: `Every ${sync.intervalHours} hours` }];

  const change = async (hours: number) => {
    setSaving(true);
    try {
      await api.setSyncSchedule({ intervalHours: hours });
      await refresh();
      toast.success('Sync schedule saved.');
    } catch (err) {
      toast.error(messageOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="card schedule-card" aria-labelledby="schedule-title">
      <div className="schedule-head">
        <h2 className="card-title" id="schedule-title">
          Sync schedule
        </h2>
        <label className="filter">
          <span className="filter-label">Sync</span>
          <select
            className="select"
            aria-label="How often VPP Desk syncs"
            value={sync.intervalHours}
            disabled={saving}
            onChange={(e) => void change(Number(e.target.value))}
          >
            {options.map((o) => (
              <option key={o.hours} value={o.hours}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="schedule-next" data-testid="next-sync">
        {sync.paused
          ? `Paused: ${sync.paused}`
          : sync.nextSyncAt
            ? `Next sync ${formatDateTime(sync.nextSyncAt)} (${formatRelative(sync.nextSyncAt)}).`
            : 'The first sync runs as soon as a token is uploaded.'}
      </p>
      {sync.history.length > 0 ? (
        <table className="schedule-history" aria-label="Recent syncs">
          <thead>
            <tr>
              <th scope="col">Finished</th>
              <th scope="col">How</th>
              <th scope="col">Result</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {sync.history.slice(0, 5).map((h) => (
              <tr key={h.finishedAt + h.trigger}>
                <td>{formatDateTime(h.finishedAt)}</td>
                <td>{TRIGGERS[h.trigger]}</td>
                <td>{h.ok ? <Pill tone="success">Done</Pill> : <Pill tone="danger">Failed</Pill>}</td>
                <td className="schedule-detail">
                  {h.summary
                    ? `${h.summary.mode === 'full' ? 'Full' : 'Incremental'}: ${formatNumber(h.summary.assets)} apps, ${formatNumber(h.summary.users)} users, ${formatNumber(h.summary.assignments)} assignments`
                    : (h.error ?? '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
