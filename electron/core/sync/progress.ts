/** Sync progress: the three walks' pages summed into one figure for the window. */
import type { SyncProgress } from '../../../shared/domain';
import type { WalkOptions } from '../apple';

export type Part = 'assets' | 'users' | 'assignments';
const PARTS: Part[] = ['assets', 'users', 'assignments'];

/** Sums the walks' pages; the phase shown is the first part not finished. */
export class ProgressTracker {
  private readonly pages = new Map<Part, [number, number]>();
  private readonly finished = new Set<Part>();

  constructor(private readonly report: (p: SyncProgress) => void) {}

  options(part: Part, signal: AbortSignal): WalkOptions {
    return {
      signal,
      onProgress: (done, total) => {
        this.pages.set(part, [done, total]);
        this.emit();
      },
    };
  }

  add(part: Part, done: number, total: number): void {
    const [d, t] = this.pages.get(part) ?? [0, 0];
    this.pages.set(part, [d + done, t + total]);
    this.emit();
  }

  finish(part: Part): void {
    this.finished.add(part);
    this.emit();
  }

  totals(): [number, number] {
    let done = 0;
    let total = 0;
    for (const [d, t] of this.pages.values()) {
      done += d;
      total += t;
    }
    return [done, total];
  }

  private emit(): void {
    const [pagesDone, pagesTotal] = this.totals();
    const phase = PARTS.find((p) => !this.finished.has(p)) ?? 'saving';
    this.report({ running: true, phase, pagesDone, pagesTotal });
  }
}
