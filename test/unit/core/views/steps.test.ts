// Work written as steps (views/steps.ts) gives what the work done at once gives, and yields when its slice's time
// is up: never when run at once (now), at every check with a slice of no time.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectSteps, inTurns, mapSteps, now, setSliceMs, sortSteps } from '../../../../electron/core/views/steps';
import { startTicker } from '../../../helpers/ticker';
import type { Steps } from '../../../../electron/core/views/steps';

let before = 0;
beforeEach(() => {
  // Every check a yield: the counts below do not depend on this machine's speed.
  before = setSliceMs(0);
});
afterEach(() => {
  setSliceMs(before);
});

/** The steps' value, run in turns, and how many turns they took. */
async function turns<R>(steps: Steps<R>): Promise<{ value: R; turns: number }> {
  let count = 0;
  const value = await inTurns(steps, async () => {
    count++;
  });
  return { value, turns: count };
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
          expect(now(sortSteps([...items], (a, b) => a.key - b.key))).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sorts a list already in order with about one comparison per item: runs in order are not merged', () => {
    const sorted = Array.from({ length: 10_000 }, (_, i) => i);
    let comparisons = 0;
    const out = now(
      sortSteps([...sorted], (a, b) => {
        comparisons++;
        return a - b;
      }),
    );
    expect(out).toEqual(sorted);
    // Each run of 2,048 sorted natively (n - 1 comparisons), then one check per pair of runs (merging: ~3n more).
    expect(comparisons).toBeLessThan(sorted.length + 10);
  });

  it('yields between runs and within merges of a large sort, and not for a small one; never at once', async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 100_003);
    const sorted = await turns(sortSteps([...big], (a, b) => a - b));
    expect(sorted.value).toEqual([...big].sort((a, b) => a - b));
    // 49 runs of 2,048, then 6 merge passes of 100,000 items checked every 1,024.
    expect(sorted.turns).toBeGreaterThanOrEqual(48 + 6 * 97);
    expect(await turns(sortSteps([3, 1, 2], (a, b) => a - b))).toEqual({ value: [1, 2, 3], turns: 0 });
    // now() runs it whole, whatever the slice's time.
    let yielded = 0;
    const steps = sortSteps([...big], (a, b) => a - b);
    for (let step = steps.next(); !step.done; step = steps.next()) yielded++;
    expect(yielded).toBe(0);
  });
});

describe('sortSteps run lengths', () => {
  it('sorts runs no longer than fit a slice: the first slice times a short run, none sorts 2,048 at once', async () => {
    // A clock that moves only with comparisons (1 ms each), so the slices are counted in comparisons.
    let clock = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    setSliceMs(8);
    try {
      const items = Array.from({ length: 10_000 }, (_, i) => ({ key: (i * 7919) % 997, at: i }));
      let inSlice = 0;
      let most = 0;
      const value = await inTurns(
        sortSteps([...items], (a, b) => {
          clock++;
          inSlice++;
          return a.key - b.key;
        }),
        async () => {
          most = Math.max(most, inSlice);
          inSlice = 0;
        },
      );
      most = Math.max(most, inSlice);
      expect(value).toEqual([...items].sort((a, b) => a.key - b.key));
      // The probe (256 items, ~2,000 comparisons) is the longest slice; a run of 2,048 is ~20,000. Merges check
      // the clock every 1,024 items.
      expect(most).toBeLessThan(2600);
    } finally {
      spy.mockRestore();
    }
  });

  it('sorts as a stable sort does whatever run length the probe picks (cheap comparisons: the longest)', async () => {
    setSliceMs(60_000);
    const items = Array.from({ length: 5000 }, (_, i) => ({ key: (i * 7919) % 31, at: i }));
    const value = await inTurns(sortSteps([...items], (a, b) => a.key - b.key));
    expect(value).toEqual([...items].sort((a, b) => a.key - b.key));
  });
});

describe('collectSteps', () => {
  it('keeps what fn makes, in order, skipping nulls, and checks the clock every 64 items (costly items)', async () => {
    const list = Array.from({ length: 1000 }, (_, i) => i);
    const kept = await turns(collectSteps(list, (x) => (x % 3 === 0 ? null : `row ${x}`)));
    expect(kept.value).toEqual(list.filter((x) => x % 3 !== 0).map((x) => `row ${x}`));
    // Checked at items 64, 128, ..., 960: fifteen yields when the slice has no time (mapSteps: none for 1,000).
    expect(kept.turns).toBe(15);
    expect(now(collectSteps(list, (x) => x))).toEqual(list);
  });
});

describe('mapSteps and inTurns', () => {
  it('maps as map does, yielding once per 1,024 items when the slice has no time', async () => {
    const list = Array.from({ length: 5000 }, (_, i) => i);
    const mapped = await turns(mapSteps(list, (x, i) => x * 2 + i));
    expect(mapped.value).toEqual(list.map((x, i) => x * 2 + i));
    expect(mapped.turns).toBe(4);
  });

  it('lets the event loop run at each yield, so other work is answered before the steps end', async () => {
    const ticker = startTicker();
    const value = await inTurns(
      mapSteps(
        Array.from({ length: 10_000 }, (_, i) => i),
        (x) => x + 1,
      ),
    );
    const ticks = ticker.stop();
    expect(value).toHaveLength(10_000);
    // Nine yields: the ticker ran at each of them, before the steps ended.
    expect(ticks).toBeGreaterThanOrEqual(9);
  });

  it('with a slice of time, yields only when that time is used', async () => {
    setSliceMs(60_000);
    expect(
      (
        await turns(
          mapSteps(
            Array.from({ length: 50_000 }, (_, i) => i),
            (x) => x,
          ),
        )
      ).turns,
    ).toBe(0);
  });
});
