/** A clock the test moves by hand; sleeps resolve at once. */
import type { Clock } from '../../electron/core/base/clock';

export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-11-24T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
  async sleep(_ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
  }
}
