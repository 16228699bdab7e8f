/**
 * Work that goes on after a call has answered (names looked up after a sync,
 * a deployment still polling Apple after the window's wait ran out). The CLI
 * waits for it before exiting; long-lived hosts just let it finish.
 */
export class Background {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
