/**
 * The apps kept in the order the apps view lists them by default (by name,
 * as sort-order.ts ranks text): a process that opens the cache, the CLI's
 * `vpp-desk apps` above all, then ranks a list already in order, about one
 * collator comparison per app instead of some twelve (10,000 apps: ~20 ms of
 * a ~600 ms command on this machine). Only a speed-up: the view sorts
 * whatever order it gets.
 */
import { collator } from './sort-order';
import { inTurns, sortSteps, type Steps } from './steps';
import type { CachedAsset } from '../cache';

/** A sorted copy of the apps by name (the adamId where no name is known yet); ties keep their order. */
export function inNameOrder(
  assets: readonly CachedAsset[],
  names: Readonly<Record<string, string>>,
): Promise<CachedAsset[]> {
  // In turns: it runs in the process that answers the window, during a sync.
  return inTurns(nameOrderSteps([...assets], names));
}

function* nameOrderSteps(assets: CachedAsset[], names: Readonly<Record<string, string>>): Steps<CachedAsset[]> {
  // The process's first collator loads ICU's rules (~10-20 ms at the end of a first sync): a turn of its own,
  // not the caller's.
  yield;
  const compare = collator().compare;
  yield;
  const nameOf = (a: CachedAsset): string => names[a.adamId] ?? a.adamId;
  return yield* sortSteps(assets, (a, b) => compare(nameOf(a), nameOf(b)));
}
