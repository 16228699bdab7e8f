/**
 * Work on a whole view (a million deployment rows, a million assignments)
 * written once as steps: a generator that yields when its slice's time is up
 * (due, spent). The window's host runs them with a turn of the event loop at
 * each yield (inTurns), so no view is built, ranked or sorted in one call: at
 * a million rows the deployments view held the thread ~2 s that way, the users
 * view at 250,000 users ~0.5 s, the holders' index ~1.9 s. now() runs the same
 * steps without turns, for what must answer at once.
 */
import { setImmediate as turn } from 'node:timers/promises';

/** Work that yields between slices and returns R. */
export type Steps<R> = Generator<void, R, void>;

/**
 * A slice's time. Slices are timed, not counted: the same count of rows cost 3 ms in one loop and 35 ms in
 * another (a Map entry per row), and more when the collector runs; 8 ms keeps a block well under the 50 ms bar
 * at a cost of a turn (tens of microseconds) per slice.
 */
let sliceMs = 8;
/** When the running slice's time is up (performance.now()); never while steps run at once (now()). */
let deadline = Number.POSITIVE_INFINITY;

/** Sets the slice's time, returning the one before: 0 makes every check a yield (tests). */
export function setSliceMs(ms: number): number {
  const before = sliceMs;
  sliceMs = ms;
  return before;
}

/** The running slice has used its time. */
export function spent(): boolean {
  return performance.now() >= deadline;
}

/** For a loop's i-th item: the clock is read once per 1,024 items (a read costs about as much as a light row). */
export function due(i: number): boolean {
  return (i & 1023) === 1023 && performance.now() >= deadline;
}

/** Runs the steps to the end in this call. */
export function now<R>(steps: Steps<R>): R {
  const outer = deadline;
  deadline = Number.POSITIVE_INFINITY;
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  } finally {
    deadline = outer;
  }
}

/** Runs the steps with a turn of the event loop (or what `between` waits for) between slices. */
export async function inTurns<R>(steps: Steps<R>, between: () => Promise<unknown> = turn): Promise<R> {
  for (;;) {
    deadline = performance.now() + sliceMs;
    let step: IteratorResult<void, R>;
    try {
      step = steps.next();
    } finally {
      deadline = Number.POSITIVE_INFINITY;
    }
    if (step.done) return step.value;
    await between();
  }
}

/**
 * Sorts in place by `compare`, yielding between slices: runs of RUN items sorted by Array.prototype.sort, then
 * merged bottom-up, yielding when the slice's time is up. Stable, as the merge takes the left item on a tie. A
 * sorted list costs about one comparison per item (the native sort's run, a check per merge).
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  // A run sorts in a few milliseconds even with the collator behind compare.
  const RUN = 2048;
  for (let start = 0; start < n; start += RUN) {
    const run = items.slice(start, start + RUN).sort(compare);
    for (let k = 0; k < run.length; k++) items[start + k] = run[k] as T;
    if (start + RUN < n && spent()) yield;
  }
  let from = items;
  let to = new Array<T>(n);
  let merged = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      // Two runs already in order (a list kept sorted, as the apps are): one comparison, no merge.
      if (mid >= hi || compare(from[mid - 1] as T, from[mid] as T) <= 0) {
        for (let k = lo; k < hi; k++) to[k] = from[k] as T;
        merged += hi - lo;
        if (spent()) yield;
        continue;
      }
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = (i < mid && (j >= hi || compare(from[i] as T, from[j] as T) <= 0) ? from[i++] : from[j++]) as T;
        if (due(++merged)) yield;
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let k = 0; k < n; k++) items[k] = from[k] as T;
  return items;
}

/** list.map(fn) as steps: the list's length when it starts. */
export function* mapSteps<T, R>(list: readonly T[], fn: (item: T, i: number) => R): Steps<R[]> {
  const n = list.length;
  const out = new Array<R>(n);
  for (let i = 0; i < n; i++) {
    out[i] = fn(list[i] as T, i);
    if (due(i)) yield;
  }
  return out;
}
