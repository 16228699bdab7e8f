import { describe, expect, it } from 'vitest';
import { watchLoop } from '../../bench/loop-watch';

/** Holds the event loop, as a synchronous stretch of real work would. */
function hold(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

// The bench's block figures are read this way: a block the monitor drops would pass a target it misses.
describe('the bench reads the longest event-loop block of a call', () => {
  it('counts a block that starts as the call starts', async () => {
    const [, blocks] = await watchLoop(async () => hold(200));
    expect(blocks.maxBlockMs).toBeGreaterThanOrEqual(180);
  });

  it('counts a block that ends as the call returns', async () => {
    const [, blocks] = await watchLoop(async () => {
      await tick();
      hold(200);
    });
    expect(blocks.maxBlockMs).toBeGreaterThanOrEqual(180);
  });

  it('reads a call that never holds the loop long as a short block', async () => {
    const [value, blocks] = await watchLoop(async () => {
      for (let i = 0; i < 5; i++) await tick();
      return 'done';
    });
    expect(value).toBe('done');
    expect(blocks.maxBlockMs).toBeLessThan(180);
  });
});
