/**
 * Twice a day by default: a minute tick compares the clock with the last
 * sync, so a start-up or a wake from sleep after the due time syncs at once
 * without needing power events. Also sends the token-expiry reminders.
 */
import { daysLeft, tokenState } from '../token';
import type { Clock, Emitter } from '../base';
import type { Store } from '../cache';
import type { SyncEngine } from './engine';

const TICK_MS = 60_000;
/** After a failed scheduled sync, wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 30 * 60_000;
const EXPIRY_REMINDERS = [30, 7, 1, 0] as const;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;

  constructor(
    private readonly deps: {
      store: Store;
      clock: Clock;
      sync: Pick<SyncEngine, 'run'>;
      events: Emitter;
      canSync: () => boolean;
    },
  ) {}

  nextSyncAt(): string | null {
    const { store } = this.deps;
    const s = store.data.sync;
    if (!store.data.token || s.paused) return null;
    const intervalMs = s.intervalHours * 3_600_000;
    const last = s.lastSyncAt ? Date.parse(s.lastSyncAt) : 0;
    const lastAttempt = s.lastAttemptAt ? Date.parse(s.lastAttemptAt) : 0;
    const due = s.lastSyncAt ? last + intervalMs : this.deps.clock.now().getTime();
    // A failed attempt pushes the next try out a little rather than hammering Apple.
    const backoff = lastAttempt > last ? lastAttempt + RETRY_AFTER_FAILURE_MS : 0;
    return new Date(Math.max(due, backoff)).toISOString();
  }

  start(): void {
    if (this.timer) return;
    void this.tick('startup');
    this.timer = setInterval(() => void this.tick('schedule'), TICK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async tick(trigger: 'startup' | 'schedule'): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.deps.store.refresh();
      await this.remindExpiry();
      const next = this.nextSyncAt();
      if (next && Date.parse(next) <= this.deps.clock.now().getTime() && this.deps.canSync()) {
        await this.deps.sync.run({ trigger }).catch(() => undefined);
      }
    } finally {
      this.ticking = false;
    }
  }

  private async remindExpiry(): Promise<void> {
    const { store, clock, events } = this.deps;
    const token = store.data.token;
    if (!token) return;
    const now = clock.now();
    const left = daysLeft(token.expiresAt, now);
    const state = tokenState(store.data, now);
    const due = EXPIRY_REMINDERS.find((d) => left <= d && !(token.remindersSent ?? []).includes(d));
    if (due === undefined || state === 'revoked' || state === 'invalid') return;
    const body =
      state === 'expired'
        ? 'The VPP token has expired. Download a new token from Apple Business Manager and upload it in VPP Desk.'
        : `The VPP token expires in ${left} day${left === 1 ? '' : 's'}. Download a new token from Apple Business Manager and upload it in VPP Desk.`;
    await store.update((d) => {
      if (!d.token) return;
      // Mark every threshold already passed, so one notice covers them all.
      d.token.remindersSent = EXPIRY_REMINDERS.filter((r) => left <= r);
      store.log('token-state', body, d, { source: 'schedule' });
    });
    events.emit('notify', { title: state === 'expired' ? 'VPP token expired' : 'VPP token expiring', body });
  }
}
