/**
 * One piece of work at a time per data folder: calls queue up inside this
 * process, and each holds the cross-process lock file while it runs, so the
 * window, the tray and any CLI never run two syncs (or two deployments) at
 * once. When another process holds the lock the work is refused at once,
 * with the error `busy` makes from the holder, rather than waiting blind.
 */
import type { Clock } from './clock';
import type { LockInfo, ProcessLock } from './process-lock';

export class Exclusive {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly lock: ProcessLock,
    private readonly clock: Clock,
    private readonly busy: (holder: LockInfo) => Error,
  ) {}

  run<T>(purpose: string, work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const got = await this.lock.acquire(purpose, this.clock.now());
      if ('heldBy' in got) throw this.busy(got.heldBy);
      try {
        return await work();
      } finally {
        await got.release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
