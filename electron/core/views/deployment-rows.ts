/**
 * The deployments view's rows: each cache row joined with its app's name and
 * its user's email and terms status. The build also gives each row its search
 * slots (by app, by user, by reason; search-parts.ts) from the lookups that
 * join it, so a search never makes a row's text, and its state, action and
 * terms status as bytes, so a filter never reads the row: at a million rows
 * read back from disk, testing every row object's state took 15-45 ms here
 * (the row, then a string JSON.parse made for each row), a byte array ~1.5 ms.
 */
import { DeployAction, DeploymentState, TermsStatus } from '../../../shared/domain';
import { termsStatusOf } from '../cache';
import { mapSteps, type Steps } from './steps';
import type { DeploymentRow } from '../../../shared/domain';
import type { CachedDeployment, CachedUser } from '../cache';
import type { PartSlots, SearchPart } from './search-parts';

/** A row's search text, `appName adamId clientUserId email reason`, in the parts that repeat across rows. */
export const DEPLOYMENT_SEARCH: ReadonlyArray<SearchPart<DeploymentRow>> = [
  { fields: ['appName', 'adamId'] },
  { fields: ['clientUserId', 'email'] },
  { fields: ['reason'] },
];

export function deploymentRowOf(d: CachedDeployment, user: CachedUser | undefined, appName: string): DeploymentRow {
  return {
    adamId: d.adamId,
    pricingParam: d.pricingParam,
    appName,
    clientUserId: d.clientUserId,
    email: user?.email ?? null,
    action: d.action,
    state: d.state,
    termsStatus: termsStatusOf(user),
    reason: d.reason,
    updatedAt: d.updatedAt,
  };
}

/** The rows of one build, and what a search or filter reads instead of them (typed arrays by row index). */
export interface DeploymentIndex {
  rows: DeploymentRow[];
  /** In DEPLOYMENT_SEARCH's order; the app slot is also the adamId filter's. */
  slots: PartSlots;
  appSlots: ReadonlyMap<string, number>;
  /** Each row's state, action and terms status, as its place in the shared enum's options (255: none of them). */
  state: Uint8Array;
  action: Uint8Array;
  terms: Uint8Array;
}

export const STATES = DeploymentState.options;
export const ACTIONS = DeployAction.options;
export const TERMS = TermsStatus.options;

/** An enum value's place in its options: a few string comparisons, cheaper than a Map lookup per row. */
function codeOf(options: readonly string[], value: string): number {
  for (let k = 0; k < options.length; k++) if (options[k] === value) return k;
  return 255;
}

/**
 * Every row, with its slots and codes, and each slot's text for the search to keep (not the index: a text a user).
 * One slot per app (one name per adamId), per user (one email per clientUserId, from the same index) and per
 * reason: rows sharing a slot share that part's fields.
 */
export function* buildDeploymentRows(
  deployments: readonly CachedDeployment[],
  users: ReadonlyMap<string, CachedUser>,
  appName: (adamId: string) => string,
): Steps<{ index: DeploymentIndex; texts: string[][] }> {
  const apps = new Map<string, { name: string; slot: number }>();
  const people = new Map<string, { user: CachedUser | undefined; slot: number }>();
  // Slot 0: no reason.
  const reasons = new Map<string, number>();
  // Each slot's text as DEPLOYMENT_SEARCH joins it, made here while its fields are at hand (search-parts.ts).
  const [appTexts, userTexts, reasonTexts] = [[] as string[], [] as string[], ['']];
  const n = deployments.length;
  const [appOf, userOf, reasonOf] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
  const [state, action, terms] = [new Uint8Array(n), new Uint8Array(n), new Uint8Array(n)];
  const rows = yield* mapSteps(deployments, (d, i) => {
    let app = apps.get(d.adamId);
    if (!app) {
      apps.set(d.adamId, (app = { name: appName(d.adamId), slot: apps.size }));
      appTexts.push(`${app.name} ${d.adamId}`);
    }
    let person = people.get(d.clientUserId);
    if (!person) {
      people.set(d.clientUserId, (person = { user: users.get(d.clientUserId), slot: people.size }));
      userTexts.push(`${d.clientUserId} ${person.user?.email ?? ''}`);
    }
    let reason = d.reason === null ? 0 : reasons.get(d.reason);
    if (reason === undefined) {
      reasons.set(d.reason as string, (reason = reasons.size + 1));
      reasonTexts.push(d.reason as string);
    }
    appOf[i] = app.slot;
    userOf[i] = person.slot;
    reasonOf[i] = reason;
    const row = deploymentRowOf(d, person.user, app.name);
    state[i] = codeOf(STATES, row.state);
    action[i] = codeOf(ACTIONS, row.action);
    terms[i] = codeOf(TERMS, row.termsStatus);
    return row;
  });
  const slots = [
    { of: appOf, count: apps.size },
    { of: userOf, count: people.size },
    { of: reasonOf, count: reasons.size + 1 },
  ];
  const appSlots = new Map([...apps].map(([adamId, app]) => [adamId, app.slot]));
  return { index: { rows, slots, appSlots, state, action, terms }, texts: [appTexts, userTexts, reasonTexts] };
}
