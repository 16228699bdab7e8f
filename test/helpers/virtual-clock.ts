/**
 * Virtual time for code that only waits through the Clock: every sleep is a
 * timer on a queue, and whenever nothing else is left to run (no pending
 * promise work, checked with setImmediate) time jumps to the earliest timer
 * and fires it. Concurrent sleepers wake in the order of their deadlines, as
 * they would on a real clock, without any real waiting. Not for code that
 * also waits on real I/O: time would jump ahead of it.
 */
import type { Clock } from '../../electron/core/base/clock';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;

  constructor(start = Date.parse('2026-11-24T09:00:00Z')) {
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Milliseconds since the epoch, for recording send times. */
  ms(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve: () => resolve() };
      if (signal) {
        const onAbort = () => {
          const i = this.timers.indexOf(timer);
          if (i >= 0) this.timers.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        timer.resolve = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      }
      this.timers.push(timer);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.current = Math.max(this.current, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
