/**
 * The deployments list's filters (app, action, state, terms status), picked
 * from the build's byte arrays (deployment-rows.ts) in one loop rather than
 * by a test of each row object: at a million rows that test cost 10-30 ms,
 * most of a filtered search.
 */
import { ACTIONS, STATES, TERMS, type DeploymentIndex } from './deployment-rows';
import type { ParsedRequestOf } from '../../../shared/contract';
import type { DeploymentRow } from '../../../shared/domain';
import type { Filter } from './paging';

type Wanted = Pick<ParsedRequestOf<'deployments:query'>, 'adamId' | 'action' | 'state' | 'terms'>;

/** The test as it reads: the reference the pick is held to, and the way for rows not of the last build. */
function byRow({ adamId, action, state, terms }: Wanted): (r: DeploymentRow) => boolean {
  return (r) =>
    (!adamId || r.adamId === adamId) &&
    (!action || r.action === action) &&
    (!state || r.state === state) &&
    (!terms || r.termsStatus === terms);
}

function pickByIndex(index: DeploymentIndex, { adamId, action, state, terms }: Wanted): Int32Array {
  // -1: not filtered on; an app no row has gets a slot no row is in.
  const app = adamId ? (index.appSlots.get(adamId) ?? index.slots[0]?.count ?? 0) : -1;
  const st = state ? STATES.indexOf(state) : -1;
  const ac = action ? ACTIONS.indexOf(action) : -1;
  const te = terms ? TERMS.indexOf(terms) : -1;
  const appOf = index.slots[0]?.of ?? new Int32Array(index.rows.length);
  const picked = new Int32Array(index.rows.length);
  let count = 0;
  for (let i = 0; i < picked.length; i++) {
    if (app !== -1 && appOf[i] !== app) continue;
    if (st !== -1 && index.state[i] !== st) continue;
    if (ac !== -1 && index.action[i] !== ac) continue;
    if (te !== -1 && index.terms[i] !== te) continue;
    picked[count++] = i;
  }
  return picked.slice(0, count);
}

/** The filter for a View (undefined: none) and its key. Bytes are read only for the very rows they were built with. */
export function deploymentFilter(
  want: Wanted,
  index: () => DeploymentIndex | null,
): [Filter<DeploymentRow> | undefined, string] {
  const { adamId, action, state, terms } = want;
  if (!adamId && !action && !state && !terms) return [undefined, ''];
  const select = (rows: readonly DeploymentRow[]): Int32Array => {
    const built = index();
    if (built?.rows === rows) return pickByIndex(built, want);
    const test = byRow(want);
    return Int32Array.from(rows.flatMap((r, i) => (test(r) ? [i] : [])));
  };
  return [{ select }, `${adamId ?? ''}|${action ?? ''}|${state ?? ''}|${terms ?? ''}`];
}
