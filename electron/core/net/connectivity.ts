/**
 * Whether Apple answered lately. Flipped by the outcome of real calls (no
 * extra traffic); the window shows "Offline: data as of …" while false and
 * disables what needs Apple.
 */
import { VppError } from '../../../shared/errors';
import { AppleApiError } from '../apple';

export class Connectivity {
  private value = true;

  constructor(private readonly onChange: () => void) {}

  get online(): boolean {
    return this.value;
  }

  set(online: boolean): void {
    if (online === this.value) return;
    this.value = online;
    this.onChange();
  }

  /** Runs an Apple-bound operation and records whether Apple could be reached. */
  async track<T>(operation: () => Promise<T>): Promise<T> {
    try {
      const result = await operation();
      this.set(true);
      return result;
    } catch (err) {
      if (err instanceof VppError && err.code === 'APPLE_UNREACHABLE') this.set(false);
      // Only an answer from Apple proves it reachable: our own refusals (OFFLINE, a
      // malformed file, no token) say nothing, and must not clear the Offline banner.
      else if (err instanceof AppleApiError) this.set(true);
      throw err;
    }
  }

  /** Refuses an Apple-bound action up front while offline, with the reason. */
  require(): void {
    if (!this.value) throw new VppError('OFFLINE');
  }
}
