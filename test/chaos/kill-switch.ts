/**
 * In-process "kills" for the chaos test. Each core runs inside its own async
 * context (AsyncLocalStorage follows every promise, timer and background task
 * it starts); its sends to Apple go through `killable` (createCore's `fetch`
 * option, wrapping the client's own send) so that a killed context never
 * hears from the network again. A killed core is frozen at its next request, either
 * before the request leaves or after Apple acted on it with the answer lost:
 * the two moments a real crash leaves behind. Its cache writes are atomic
 * (write then rename), so stopping it between writes is stopping it anywhere.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { WireFetch } from '../../electron/core/apple';

export type KillPhase = 'before-send' | 'answer-lost';

export interface Life {
  /** Requests this core has made so far. */
  requests: number;
  /** Kill at this request (1-based), if any. */
  killAt: { request: number; phase: KillPhase } | null;
  dead: boolean;
  /** Resolves when the core dies. */
  died: Promise<void>;
  kill(): void;
}

const lives = new AsyncLocalStorage<Life>();
let installed = false;

const never = new Promise<never>(() => undefined);

function install(): void {
  if (installed) return;
  installed = true;
  guardTimers();
}

/**
 * The core's send, counted per life: a killed core's requests never return, and the one it is killed at
 * either never leaves or reaches Apple with its answer lost.
 */
export function killable(real: WireFetch): WireFetch {
  return async (url, init) => {
    const life = lives.getStore();
    if (life === undefined) return real(url, init);
    if (life.dead) return never;
    life.requests++;
    const at = life.killAt;
    if (at === null || at.request !== life.requests) return real(url, init);
    if (at.phase === 'before-send') {
      life.kill();
      return never;
    }
    // Apple receives and acts on it; the answer never reaches the dead process (read here, so the connection is free).
    await real(url, init)
      .then((res) => res.arrayBuffer())
      .catch(() => undefined);
    life.kill();
    return never;
  };
}

/**
 * A dead process runs no timers: callbacks a killed core scheduled (the
 * scheduler's tick, the probe, back-off waits) are dropped when they fire.
 */
function guardTimers(): void {
  const realTimeout = globalThis.setTimeout;
  const realInterval = globalThis.setInterval;
  const guard =
    (cb: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (lives.getStore()?.dead === true) return;
      cb(...args);
    };
  const timeout = (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realTimeout(guard(cb), ms, ...args);
  const interval = (cb: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realInterval(guard(cb), ms, ...args);
  // Keep util.promisify(setTimeout) and the like working.
  Object.defineProperties(timeout, Object.getOwnPropertyDescriptors(realTimeout));
  Object.defineProperties(interval, Object.getOwnPropertyDescriptors(realInterval));
  globalThis.setTimeout = timeout as typeof setTimeout;
  globalThis.setInterval = interval as typeof setInterval;
}

export function newLife(killAt: Life['killAt'] = null): Life {
  install();
  let died!: () => void;
  const life: Life = {
    requests: 0,
    killAt,
    dead: false,
    died: new Promise<void>((resolve) => (died = resolve)),
    kill: () => {
      life.dead = true;
      died();
    },
  };
  return life;
}

/** Runs `fn` (and everything it starts, now or later) as part of `life`. */
export function within<T>(life: Life, fn: () => T): T {
  return lives.run(life, fn);
}
