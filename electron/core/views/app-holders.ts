/**
 * The users holding one app among Apple's assignments, which a deployment's license plan counts. A pass over a
 * million assignments, first run before the JIT compiled it, held the window's thread ~25 ms inside a 76 ms block
 * at the start of a deployment; the window's host builds the set ahead, a slice at a time, and the plan finds it.
 * Kept while the cache is unchanged: every change goes through Store.update, which moves its generation.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { isOfApp } from '../../../shared/keys';
import type { PricingParam } from '../../../shared/domain';
import type { CachedAssignment, Store } from '../cache';

/** Assignments per slice: a few milliseconds each. */
const SLICE_ROWS = 20_000;

let builtInOneCall = 0;

/** Sets built in one call (holders() finding none ahead) in this process: tests check the window's host. */
export function appHolderSetsBuiltInOneCall(): number {
  return builtInOneCall;
}

/** The users holding one app among `assignments`, in one pass (holders() builds ahead of time with index()). */
export function holdersOf(
  assignments: readonly CachedAssignment[],
  adamId: string,
  pricingParam: PricingParam,
): Set<string> {
  const users = new Set<string>();
  for (const a of assignments) if (a.clientUserId && isOfApp(a, adamId, pricingParam)) users.add(a.clientUserId);
  return users;
}

interface Built {
  generation: number;
  assignments: readonly CachedAssignment[];
  adamId: string;
  pricingParam: PricingParam;
  users: Set<string>;
}

export class AppHolders {
  private built: Built | null = null;

  constructor(private readonly store: Store) {}

  /** The app's holders (client user ids), built now, in one call, unless built ahead for the cache as it is. */
  holders(adamId: string, pricingParam: PricingParam): ReadonlySet<string> {
    const assignments = this.store.data.assignments;
    if (this.fits(adamId, pricingParam, assignments)) return (this.built as Built).users;
    const users = holdersOf(assignments, adamId, pricingParam);
    if (assignments.length > 0) builtInOneCall++;
    this.keep(adamId, pricingParam, assignments, users);
    return users;
  }

  /**
   * Builds the set ahead, with a turn of the event loop between slices. `pricingParam` left out: the app's only
   * pricing, as the plan resolves it (an app bought both ways, or unknown, is the plan's to report).
   */
  async index(adamId: string, pricingParam?: PricingParam, sliceRows = SLICE_ROWS): Promise<void> {
    const pricings = this.store.data.assets.filter((a) => a.adamId === adamId).map((a) => a.pricingParam);
    const pricing = pricingParam ?? (pricings.length === 1 ? pricings[0] : undefined);
    if (!pricing) return;
    const assignments = this.store.data.assignments;
    if (this.fits(adamId, pricing, assignments)) return;
    const generation = this.store.generation;
    const users = new Set<string>();
    for (let start = 0; start < assignments.length; start += sliceRows) {
      if (start > 0) await turn();
      // Changed meanwhile: holders() builds it again from what is there then.
      if (this.store.generation !== generation || this.store.data.assignments !== assignments) return;
      const end = Math.min(assignments.length, start + sliceRows);
      for (let i = start; i < end; i++) {
        const a = assignments[i] as CachedAssignment;
        if (a.clientUserId && isOfApp(a, adamId, pricing)) users.add(a.clientUserId);
      }
    }
    this.keep(adamId, pricing, assignments, users);
  }

  private fits(adamId: string, pricingParam: PricingParam, assignments: readonly CachedAssignment[]): boolean {
    const b = this.built;
    return (
      b !== null &&
      b.generation === this.store.generation &&
      b.assignments === assignments &&
      b.adamId === adamId &&
      b.pricingParam === pricingParam
    );
  }

  private keep(
    adamId: string,
    pricingParam: PricingParam,
    assignments: readonly CachedAssignment[],
    users: Set<string>,
  ) {
    this.built = { generation: this.store.generation, assignments, adamId, pricingParam, users };
  }
}
