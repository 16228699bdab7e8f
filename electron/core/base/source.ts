/** Who acted and from where, for the activity log. */
import os from 'node:os';
import type { ActivitySource, SyncHistoryEntry } from '../../../shared/domain';

/** The OS account running VPP Desk; null where the system cannot say (no passwd entry). */
export function osUser(): string | null {
  try {
    return os.userInfo().username || null;
  } catch {
    return null;
  }
}

/** A sync's trigger as an activity source: start-up, schedule and wake are all the schedule. */
export function sourceOfTrigger(trigger: SyncHistoryEntry['trigger']): ActivitySource {
  switch (trigger) {
    case 'manual':
      return 'window';
    case 'tray':
      return 'tray';
    case 'cli':
      return 'cli';
    default:
      return 'schedule';
  }
}
