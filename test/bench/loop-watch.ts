/**
 * The longest the event loop was held while a call ran (monitorEventLoopDelay), read so that no block is missed.
 * Node's monitor records a block only when its timer fires after it, measured from the previous firing: a block
 * that starts before the timer first fired after enable() is dropped (a 500 ms busy loop right after enable()
 * read 10 ms; 25 ms after it, 503 ms), and so is one that ends as the call returns if the monitor is read at once.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;
/** Long enough for the monitor's timer to fire at least once more. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 3 * RESOLUTION_MS));

export interface LoopBlocks {
  maxBlockMs: number;
  p99BlockMs: number;
}

/** Runs `fn` with the monitor armed before it starts and read after its last block was recorded. */
export async function watchLoop<T>(fn: () => Promise<T>): Promise<[T, LoopBlocks]> {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  await settle();
  try {
    const result = await fn();
    await settle();
    return [result, { maxBlockMs: Math.round(delay.max / 1e6), p99BlockMs: Math.round(delay.percentile(99) / 1e6) }];
  } finally {
    delay.disable();
  }
}
