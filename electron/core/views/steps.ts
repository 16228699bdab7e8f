/**
 * Work on a whole view (a million deployment rows, a million assignments)
 * written once as steps: a generator that yields between slices of a few
 * milliseconds. The window's host runs them with a turn of the event loop at
 * each yield (inTurns), so no view is built, ranked or sorted in one call: at
 * a million rows the deployments view held the thread ~2 s that way, the users
 * view at 250,000 users ~0.5 s, the holders' index ~1.9 s. now() runs the same
 * steps without turns, for what must answer at once.
 */
import { setImmediate as turn } from 'node:timers/promises';

/** Work that yields between slices and returns R. */
export type Steps<R> = Generator<void, R, void>;

/** Items handled between two yields in a loop over rows: each costs well under a microsecond. */
export const SLICE = 20_000;

/** Runs the steps to the end in this call. */
export function now<R>(steps: Steps<R>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps with a turn of the event loop (or what `between` waits for) between slices. */
export async function inTurns<R>(steps: Steps<R>, between: () => Promise<unknown> = turn): Promise<R> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await between();
  }
}

/**
 * Sorts in place by `compare`, yielding between slices: runs of RUN items sorted by Array.prototype.sort, then
 * merged bottom-up, a yield every SLICE items merged. Stable, as the merge takes the left item on a tie.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  // A run sorts in a few milliseconds even with the collator behind compare.
  const RUN = 2048;
  for (let start = 0; start < n; start += RUN) {
    const run = items.slice(start, start + RUN).sort(compare);
    for (let k = 0; k < run.length; k++) items[start + k] = run[k] as T;
    if (start + RUN < n) yield;
  }
  let from = items;
  let to = new Array<T>(n);
  let merged = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = (i < mid && (j >= hi || compare(from[i] as T, from[j] as T) <= 0) ? from[i++] : from[j++]) as T;
        if (++merged % SLICE === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let k = 0; k < n; k++) items[k] = from[k] as T;
  return items;
}

/** list.map(fn) as steps: the list's length when it starts, a yield every SLICE items. */
export function* mapSteps<T, R>(list: readonly T[], fn: (item: T, i: number) => R): Steps<R[]> {
  const n = list.length;
  const out = new Array<R>(n);
  for (let i = 0; i < n; i++) {
    out[i] = fn(list[i] as T, i);
    if ((i + 1) % SLICE === 0) yield;
  }
  return out;
}
