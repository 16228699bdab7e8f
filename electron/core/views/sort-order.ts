/**
 * The order of a View's rows by one column: numbers as numbers, text
 * naturally and without regard to case (Intl.Collator), ties in build order.
 *
 * Text is ranked: its distinct values are sorted by the collator (values it
 * holds equal share a rank; times in one form by code units, the same order),
 * then rows are placed by rank with a counting sort. At a million deployment rows a comparison sort calls the collator some
 * twenty million times (seconds); a column like clientUserId has a few tens of
 * thousands of distinct values. Ranking gives the very order the comparison
 * sort gives, as a collation's "equal" is an equivalence and its order total.
 * Each is written as steps (steps.ts) that yield between slices.
 */
import { due, sortSteps, type Steps } from './steps';

export type Dir = 'asc' | 'desc';

/** Row indices, typed: cheaper to fill and hold than a list of numbers at a million rows. */
export type Indices = Int32Array;

/** Ranks in a text column, by position in the indices ranked, and how many ranks there are. */
export interface Ranks {
  of: Int32Array;
  count: number;
}

let shared: Intl.Collator | null = null;
/** One collator for the process: building one loads ICU's rules (~10 ms), and every sort asked for a new one. */
export const collator = (): Intl.Collator =>
  (shared ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' }));

/**
 * Ranks the rows at `indices` by a column whose values there are all text (or missing, as empty text); null for
 * any other. Only their distinct values are sorted: a filter's matches are ranked without the whole column. With
 * the column's slots (rows in one share its value), values are found by slot.
 */
export function* textRanks<T>(
  rows: readonly T[],
  column: keyof T,
  indices: Indices,
  slots?: Slots,
): Steps<Ranks | null> {
  const distinct: string[] = [];
  const of = new Int32Array(indices.length);
  const text = slots
    ? yield* distinctBySlot(rows, column, indices, slots, distinct, of)
    : yield* distinctByValue(rows, column, indices, distinct, of);
  if (!text) return null;
  const compare = yield* orderOf(distinct);
  const byId = (yield* ranksInOrder(distinct, compare)) ?? (yield* ranksBySort(distinct, compare));
  const rankOfId = byId.of;
  for (let k = 0; k < of.length; k++) {
    of[k] = rankOfId[of[k] as number] as number;
    if (due(k)) yield;
  }
  return { of, count: byId.count };
}

/**
 * Ranks of values already in order, by id (a list kept sorted, as the apps are: see app-order.ts): one comparison
 * each, where a sort checks each pair once and the ranking once more; null at the first pair out of order. In
 * a fresh process (`vpp-desk apps`) a comparison of 10,000 names through the collator costs ~1-2 µs, not yet
 * compiled.
 */
function* ranksInOrder(distinct: readonly string[], compare: (a: string, b: string) => number): Steps<Ranks | null> {
  const of = new Int32Array(distinct.length);
  let rank = 0;
  for (let k = 1; k < distinct.length; k++) {
    const order = compare(distinct[k - 1] as string, distinct[k] as string);
    if (order > 0) return null;
    if (order < 0) rank++;
    of[k] = rank;
    if (due(k)) yield;
  }
  return { of, count: distinct.length === 0 ? 0 : rank + 1 };
}

/** Ranks of values in any order, by id: sorted, then equal neighbours share a rank. */
function* ranksBySort(distinct: readonly string[], compare: (a: string, b: string) => number): Steps<Ranks> {
  const byValue = yield* sortSteps(
    Array.from(distinct, (_, id) => id),
    (a, b) => compare(distinct[a] as string, distinct[b] as string),
  );
  const of = new Int32Array(distinct.length);
  let rank = -1;
  for (let k = 0; k < byValue.length; k++) {
    const id = byValue[k] as number;
    if (k === 0 || compare(distinct[byValue[k - 1] as number] as string, distinct[id] as string) !== 0) rank++;
    of[id] = rank;
    if (due(k)) yield;
  }
  return { of, count: rank + 1 };
}

/** A time as toISOString writes it. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How to order these values: the collator, unless every one is a time in toISOString's one form. Such times
 * differ only in digits at the same places, which the collator orders as numbers of the same width: as their
 * code units do, ~10 times faster (the Deployments page's first order, by update time: 65,000 distinct times at
 * a million rows, ~250 ms with the collator). Any other value, or another form (".5Z"), keeps the collator.
 */
function* orderOf(distinct: readonly string[]): Steps<(a: string, b: string) => number> {
  for (let k = 0; k < distinct.length; k++) {
    if (!ISO_TIME.test(distinct[k] as string)) return collator().compare;
    if (due(k)) yield;
  }
  return byCodeUnit;
}

/** Each row's slot (by row index) where rows in one slot share the column's value, and how many slots. */
export interface Slots {
  of: Int32Array;
  count: number;
}

/**
 * The distinct values at `indices` (into `distinct`) and each position's id among them (into `of`); false for a
 * column not all text.
 */
function* distinctByValue<T>(
  rows: readonly T[],
  column: keyof T,
  indices: Indices,
  distinct: string[],
  of: Int32Array,
): Steps<boolean> {
  const ids = new Map<string, number>();
  for (let k = 0; k < indices.length; k++) {
    const value = (rows[indices[k] as number] as T)[column] ?? '';
    if (typeof value !== 'string') return false;
    let id = ids.get(value);
    if (id === undefined) {
      id = distinct.length;
      ids.set(value, id);
      distinct.push(value);
    }
    of[k] = id;
    if (due(k)) yield;
  }
  return true;
}

/**
 * distinctByValue by slot: a typed array read per row and one row read per slot, where a Map
 * lookup per row (the matches' rows scattered across the heap) was half of sorting a million rows' search
 * matches by user. A value two slots share is listed twice; the ranking gives equal values one rank.
 */
function* distinctBySlot<T>(
  rows: readonly T[],
  column: keyof T,
  indices: Indices,
  slots: Slots,
  distinct: string[],
  of: Int32Array,
): Steps<boolean> {
  const idOfSlot = new Int32Array(slots.count).fill(-1);
  for (let k = 0; k < indices.length; k++) {
    const slot = slots.of[indices[k] as number] as number;
    let id = idOfSlot[slot] as number;
    if (id === -1) {
      const value = (rows[indices[k] as number] as T)[column] ?? '';
      if (typeof value !== 'string') return false;
      id = idOfSlot[slot] = distinct.length;
      distinct.push(value);
    }
    of[k] = id;
    if (due(k)) yield;
  }
  return true;
}

/**
 * Row indices (given in ascending index order) by their ranks (by position), ties kept in index order: a stable
 * counting sort.
 */
export function* sortByRank(indices: Indices, ranks: Ranks, dir: Dir): Steps<Indices> {
  const { of, count } = ranks;
  const starts = new Int32Array(count + 1);
  for (let k = 0; k < indices.length; k++) {
    const rank = of[k] as number;
    const key = dir === 'asc' ? rank : count - 1 - rank;
    starts[key + 1] = (starts[key + 1] as number) + 1;
    if (due(k)) yield;
  }
  for (let r = 1; r <= count; r++) starts[r] = (starts[r] as number) + (starts[r - 1] as number);
  // A typed array: filling a plain list of a million numbers took ~10 times as long here.
  const out = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const rank = of[k] as number;
    const key = dir === 'asc' ? rank : count - 1 - rank;
    const at = starts[key] as number;
    out[at] = indices[k] as number;
    starts[key] = at + 1;
    if (due(k)) yield;
  }
  return out;
}

/** The ranks of a whole column (by row index) at some of its rows, by position. */
export function ranksAt(column: Ranks, indices: Indices): Ranks {
  const of = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) of[k] = column.of[indices[k] as number] as number;
  return { of, count: column.count };
}

/** Row indices in any order, sorted by comparing values (the way for columns that are not all text). */
export function* sortByValue<T>(rows: readonly T[], indices: Indices, column: keyof T, dir: Dir): Steps<Indices> {
  const compare = collator().compare;
  const sign = dir === 'asc' ? 1 : -1;
  const sorted = yield* sortSteps(Array.from(indices), (i, j) => {
    const x = (rows[i] as T)[column];
    const y = (rows[j] as T)[column];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compare(String(x ?? ''), String(y ?? ''));
    return c !== 0 ? c * sign : i - j;
  });
  return Int32Array.from(sorted);
}
