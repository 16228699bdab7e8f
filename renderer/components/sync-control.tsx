/**
 * "Sync now" with live progress from main (phase, pages done of total). The
 * progress comes from events, so a sync started by the tray, the schedule
 * or the CLI shows here too.
 */
import { syncBlockedReason } from '../lib/capabilities';
import { formatNumber, plural } from '../lib/format';
import { SYNC_PHASE } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { toast } from '../stores/toast-store';
import { Button } from './button';

export function SyncControl() {
  const info = useAppStore((s) => s.info);
  const token = useAppStore((s) => s.token);
  const progress = useAppStore((s) => s.progress);
  const requested = useAppStore((s) => s.syncRequested);
  const syncNow = useAppStore((s) => s.syncNow);

  const running = requested || (progress?.running ?? false);
  const blocked = running ? null : syncBlockedReason(token);
  const offline = info !== null && !info.online;

  const start = async () => {
    const summary = await syncNow();
    if (summary) {
      toast.success(
        `Sync finished: ${plural(summary.assets, 'app', 'apps')}, ${plural(summary.users, 'user', 'users')}, ${plural(summary.assignments, 'assignment', 'assignments')}.`,
      );
    }
  };

  const live = progress?.running ? progress : null;
  const detail = live
    ? `${SYNC_PHASE[live.phase]}${live.pagesTotal > 0 ? ` · ${formatNumber(live.pagesDone)} of ${formatNumber(live.pagesTotal)} pages` : ''}`
    : running
      ? 'Starting…'
      : null;

  return (
    <div className="sync-control">
      {detail ? (
        <span className="sync-detail" role="status" aria-live="polite" data-testid="sync-progress">
          {detail}
        </span>
      ) : null}
      <Button
        variant="primary"
        icon="sync"
        busy={running}
        blockedReason={blocked}
        title={offline ? 'Offline: Sync now tries to reach Apple again.' : undefined}
        onClick={() => void start()}
      >
        {running ? 'Syncing…' : 'Sync now'}
      </Button>
      {live && live.pagesTotal > 0 ? (
        <span className="sync-bar" aria-hidden="true">
          <span
            className="sync-bar-fill"
            style={{ width: `${Math.round((100 * live.pagesDone) / live.pagesTotal)}%` }}
          />
        </span>
      ) : running ? (
        <span className="sync-bar is-indeterminate" aria-hidden="true">
          <span className="sync-bar-fill" />
        </span>
      ) : null}
    </div>
  );
}
