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
 * Sorts in place by `compare`, yielding between slices: runs (runLength) sorted by Array.prototype.sort, then
 * merged bottom-up, yielding when the slice's time is up. Stable, as the merge takes the left item on a tie. A
 * sorted list costs about one comparison per item (the native sort's run, a check per merge).
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  const { run, sorted } = yield* runLength(items, compare);
  for (let start = sorted; start < n; start += run) {
    sortRange(items, start, start + run, compare);
    if (start + run < n && spent()) yield;
  }
  let from = items;
  let to = new Array<T>(n);
  let merged = 0;
  for (let width = run; width < n; width *= 2) {
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

/** The runs' bounds: a run is sorted natively in one call, so its length bounds a slice. */
const MAX_RUN = 2048;
const MIN_RUN = 64;
const PROBE = 256;

/**
 * How many items a run sorts: as many as fit half a slice. A comparison's cost is the caller's: through the
 * collator in a fresh process it is 1-2 µs, and a run of 2,048 (~22,000 comparisons) held the thread ~45 ms
 * at the end of a first sync. So the first PROBE items are sorted (and timed) first, and the runs are the
 * longest whose cost at that rate fits. Run at once (now()), nothing yields: runs are the longest.
 */
function* runLength<T>(items: T[], compare: (a: T, b: T) => number): Steps<{ run: number; sorted: number }> {
  if (deadline === Infinity || items.length <= PROBE) return { run: MAX_RUN, sorted: 0 };
  const started = performance.now();
  sortRange(items, 0, PROBE, compare);
  const perStep = (performance.now() - started) / (PROBE * Math.log2(PROBE));
  let run = MAX_RUN;
  while (run > MIN_RUN && perStep * run * Math.log2(run) > sliceMs / 2) run /= 2;
  if (spent()) yield;
  // The probe's items are in order, and so is every run of `run` items within them when it is not longer.
  return { run, sorted: run <= PROBE ? PROBE : 0 };
}

/** Sorts items[from, to) in place (natively). */
function sortRange<T>(items: T[], from: number, to: number, compare: (a: T, b: T) => number): void {
  const run = items.slice(from, to).sort(compare);
  for (let k = 0; k < run.length; k++) items[from + k] = run[k] as T;
}

/**
 * The items fn makes something of (null: skipped), as steps, for items that cost microseconds each (an app's
 * forecast, code still cold in a fresh process): the clock is read every 64 items, not 1,024. Checked every
 * 1,024, the first low-stock alert rows of a million-assignment sync (10,000 apps crossing at once) held the
 * window's thread ~30 ms in one slice.
 */
export function* collectSteps<T, R>(list: readonly T[], fn: (item: T) => R | null): Steps<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i++) {
    const made = fn(list[i] as T);
    if (made !== null) out.push(made);
    if ((i & 63) === 63 && spent()) yield;
  }
  return out;
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
