// Work written as steps (views/steps.ts) gives what the work done at once gives, and yields between slices.
import { setImmediate as turn } from 'node:timers/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inTurns, mapSteps, now, SLICE, sortSteps, type Steps } from '../../../../electron/core/views/steps';

/** How many times the steps yielded on their way to the end. */
function yields<R>(steps: Steps<R>): { value: R; yields: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, yields: count };
    count++;
  }
}

describe('sortSteps', () => {
  it('sorts as a stable sort does, at any length around its runs, ties in their first order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 5000 }),
        fc.constantFrom(0, 1, 2047, 2048, 2049, 4097),
        (keys, pad) => {
          const items = [...keys, ...Array.from({ length: pad }, (_, i) => (i * 7) % 41)].map((key, at) => ({
            key,
            at,
          }));
          const want = [...items].sort((a, b) => a.key - b.key);
          const got = now(sortSteps([...items], (a, b) => a.key - b.key));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('yields between slices of a large sort, and not for a small one', () => {
    const big = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const sorted = yields(sortSteps([...big], (a, b) => a - b));
    expect(sorted.value).toEqual([...big].sort((a, b) => a - b));
    // Runs of 2,048 and merges of SLICE items: dozens of yields at 100,000 items.
    expect(sorted.yields).toBeGreaterThanOrEqual(big.length / SLICE);
    expect(yields(sortSteps([3, 1, 2], (a, b) => a - b))).toEqual({ value: [1, 2, 3], yields: 0 });
  });
});

describe('mapSteps and inTurns', () => {
  it('maps as map does, yielding every SLICE items', () => {
    const list = Array.from({ length: 2 * SLICE + 5 }, (_, i) => i);
    const mapped = yields(mapSteps(list, (x, i) => x * 2 + i));
    expect(mapped.value).toEqual(list.map((x, i) => x * 2 + i));
    expect(mapped.yields).toBe(2);
  });

  it('lets the event loop run at each yield, so other work is answered before the steps end', async () => {
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const value = await inTurns(
      mapSteps(
        Array.from({ length: 5 * SLICE }, (_, i) => i),
        (x) => x + 1,
      ),
    );
    ticking = false;
    await turn();
    expect(value).toHaveLength(5 * SLICE);
    // Five yields: the ticker ran at each of them, before the steps ended.
    expect(ticks).toBeGreaterThanOrEqual(5);
  });
});
