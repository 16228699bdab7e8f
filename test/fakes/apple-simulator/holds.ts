// Holds: a test names a moment ("the first /assets/associate arrives", "a
// /status answer says PENDING") and the simulator stops there, tells the test,
// and keeps the response back until released. Kill tests use it to SIGKILL the
// app at exactly that moment instead of after a guessed delay.
import type { HoldPhase, HoldSpec, Held } from './types';
import type { Socket } from 'node:net';

interface Waiter {
  spec: HoldSpec;
  resolve(held: Held): void;
}

export class HoldQueue {
  private readonly waiters: Waiter[] = [];
  private readonly parked = new Set<() => void>();

  /** One-shot: resolves when the next matching request reaches the named phase. */
  hold(spec: HoldSpec): Promise<Held> {
    return new Promise((resolve) => this.waiters.push({ spec, resolve }));
  }

  /**
   * Called by the server at each phase; resolves when the request may go on.
   * `payload` is the request body ('received') or the response body ('answered').
   * True when the request was held.
   */
  async gate(phase: HoldPhase, path: string, payload: unknown, socket: Socket): Promise<boolean> {
    const i = this.waiters.findIndex(
      (w) => w.spec.phase === phase && path.endsWith(w.spec.path) && (w.spec.when?.(payload) ?? true),
    );
    if (i < 0) return false;
    const [waiter] = this.waiters.splice(i, 1) as [Waiter];
    await new Promise<void>((release) => {
      const done = (): void => {
        this.parked.delete(done);
        release();
      };
      this.parked.add(done);
      const clientGone = socket.destroyed
        ? Promise.resolve()
        : new Promise<void>((resolve) => socket.once('close', () => resolve()));
      waiter.resolve({ path, phase, payload, release: done, clientGone });
    });
    return true;
  }

  /** close(): parked requests go on (into closed sockets), so nothing keeps the process alive. */
  releaseAll(): void {
    for (const release of [...this.parked]) release();
    this.waiters.length = 0;
  }
}
