/**
 * Deploy planning, pure: from the cache as it is and a request, what each
 * user gets (licenses.ts decides per user), the plan the admin reviews, and
 * the row changes and journal entries a run writes before anything is sent.
 * Nothing here reads a file or talks to Apple, so all of it is unit-tested.
 */
import { VppError } from '../../../shared/errors';
import { appKey } from '../../../shared/keys';
import { DEFAULT_LIMITS, splitManageAssets, splitUsers, type Limits } from '../apple';
import { holdersOf } from '../views';
import { newEntry } from './journal';
import { planLicenses, REASONS, type LicensePlan, type UserDecision } from './licenses';
import type { DeployPlan, ParsedRequestOf } from '../../../shared/contract';
import type { DeployAction, PricingParam } from '../../../shared/domain';
import type { CacheData, CachedAsset, CachedDeployment, CachedUser, JournalEntry } from '../cache';

export type DeployRequest = ParsedRequestOf<'deploy:run'>;

const STATE_FOR: Record<UserDecision, CachedDeployment['state']> = {
  assign: 'assigning',
  'already-assigned': 'assigned',
  'in-flight': 'assigning',
  register: 'pending-terms',
  'pending-terms': 'pending-terms',
  'no-licenses': 'failed',
  retired: 'failed',
  reclaim: 'reclaiming',
  'nothing-to-reclaim': 'reclaimed',
};

const REASON_FOR: Partial<Record<UserDecision, string>> = {
  register: REASONS.register,
  'pending-terms': REASONS['pending-terms'],
  'no-licenses': REASONS['no-licenses'],
  retired: REASONS.retired,
  'nothing-to-reclaim': REASONS['nothing-to-reclaim'],
};

/** Trimmed, without blanks and repeats, first occurrence kept (the queue order). */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
}

export function findAsset(assets: readonly CachedAsset[], adamId: string, pricingParam?: PricingParam): CachedAsset {
  const matches = assets.filter((a) => a.adamId === adamId && (!pricingParam || a.pricingParam === pricingParam));
  const [only] = matches;
  if (!only) {
    throw new VppError(
      'UNKNOWN_APP',
      `App ${adamId}${pricingParam ? ` (${pricingParam})` : ''} is not among your volume-purchased apps. Sync, or check the id.`,
    );
  }
  if (matches.length > 1) {
    throw new VppError(
      'VALIDATION',
      `App ${adamId} was bought with both STDQ and PLUS pricing: choose one (--pricing).`,
    );
  }
  return only;
}

/** The per-user decisions, counting what Apple holds and what VPP Desk has in flight for this app. */
export function licensePlanFor(
  data: Readonly<CacheData>,
  users: ReadonlyMap<string, CachedUser>,
  asset: CachedAsset,
  action: DeployAction,
  clientUserIds: readonly string[],
  /** The app's holders among Apple's assignments, when built already (views/app-holders.ts). */
  holders?: ReadonlySet<string>,
): LicensePlan {
  const key = appKey(asset.adamId, asset.pricingParam);
  const assigned = holders ?? holdersOf(data.assignments, asset.adamId, asset.pricingParam);
  const inFlight = new Set<string>();
  for (const d of data.deployments) {
    if (d.state === 'assigning' && d.journalId && appKey(d.adamId, d.pricingParam) === key)
      inFlight.add(d.clientUserId);
  }
  return planLicenses({ asset, action, clientUserIds, users, assigned, inFlight });
}

/** The plan the admin reviews before confirming. */
export function summarise(
  asset: CachedAsset,
  appName: string,
  action: DeployAction,
  users: number,
  plan: LicensePlan,
): DeployPlan {
  const { counts, licensesAvailable } = plan;
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    appName,
    action,
    users,
    licensesNeeded:
      action === 'required' ? counts.assign + counts['no-licenses'] + counts['pending-terms'] + counts.register : 0,
    licensesAvailable,
    willAssign: counts.assign,
    alreadyAssigned: counts['already-assigned'] + counts['in-flight'],
    pendingTerms: counts['pending-terms'] + counts.register,
    toRegister: counts.register,
    willFail: counts['no-licenses'] + counts.retired,
    willReclaim: counts.reclaim,
  };
}

export interface RowChange {
  id: string;
  state: CachedDeployment['state'];
  reason: string | null;
  journalId: string | null;
}

export interface Writes {
  /** Journal entries to record, then send: one per request Apple accepts. */
  entries: JournalEntry[];
  /** Rows whose action, state, reason or journal entry change. */
  changes: RowChange[];
}

/** Apple's limits as last read, with documented defaults for any a cache written earlier lacks. */
export function limitsOf(data: Readonly<CacheData>): Limits {
  return { ...DEFAULT_LIMITS, ...data.service?.limits };
}

/**
 * Every row change and write for one run, worked out before anything is
 * written, so a re-evaluation that changes nothing (the common case after a
 * sync) writes nothing. Registering a user already invited is not repeated.
 */
export function planWrites(
  data: Readonly<CacheData>,
  req: DeployRequest,
  asset: CachedAsset,
  decisions: ReadonlyMap<string, UserDecision>,
  /** VPP Desk's rows of this app, by user (apply.ts indexRows). */
  rows: ReadonlyMap<string, CachedDeployment>,
  now: string,
): Writes {
  const limits = limitsOf(data);
  const app = { adamId: asset.adamId, pricingParam: asset.pricingParam };
  const previous = (id: string) => rows.get(id);
  const ids = [...decisions.keys()];
  const register = ids.filter((id) => decisions.get(id) === 'register' && previous(id)?.reason !== REASONS.register);
  const assign = ids.filter((id) => decisions.get(id) === 'assign');
  const reclaim = ids.filter((id) => decisions.get(id) === 'reclaim');
  const assets = [{ adamId: app.adamId, pricingParam: app.pricingParam }];
  const entries: JournalEntry[] = [
    ...splitUsers(
      register.map((clientUserId) => ({ clientUserId })),
      limits,
    ).map((chunk) =>
      newEntry(
        'create-users',
        app,
        chunk.map((u) => u.clientUserId),
        now,
      ),
    ),
    ...splitManageAssets({ assets, clientUserIds: assign }, limits).map((r) =>
      newEntry('associate', app, r.clientUserIds ?? [], now),
    ),
    ...splitManageAssets({ assets, clientUserIds: reclaim }, limits).map((r) =>
      newEntry('disassociate', app, r.clientUserIds ?? [], now),
    ),
  ];
  const entryOf = new Map<string, string>();
  for (const e of entries) for (const id of e.clientUserIds) entryOf.set(id, e.id);
  const changes: RowChange[] = [];
  for (const [id, decision] of decisions) {
    const row = previous(id);
    if (decision === 'in-flight' && row) continue;
    const state = STATE_FOR[decision];
    const reason = REASON_FOR[decision] ?? null;
    const journalId = entryOf.get(id) ?? null;
    if (row && row.action === req.action && row.state === state && row.reason === reason && row.journalId === journalId)
      continue;
    changes.push({ id, state, reason, journalId });
  }
  return { entries, changes };
}
