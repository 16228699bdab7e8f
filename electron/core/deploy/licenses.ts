/**
 * The license planner: pure functions deciding, for one app and a list of
 * users, who gets a license now, who waits for the terms, who must be
 * registered first and who fails for lack of licenses. It counts licenses
 * already in flight, so VPP Desk never asks Apple for more associations
 * than the organisation owns; Apple's own 9709 is only a backstop.
 */
import { termsStatusOf } from '../cache';
import type { DeployAction, TermsStatus } from '../../../shared/domain';
import type { CachedAsset, CachedDeployment, CachedUser } from '../cache';

export type UserDecision =
  | 'assign'
  | 'already-assigned'
  | 'in-flight'
  | 'register'
  | 'pending-terms'
  | 'no-licenses'
  | 'retired'
  | 'reclaim'
  | 'nothing-to-reclaim';

export interface PlanInput {
  asset: CachedAsset;
  action: DeployAction;
  clientUserIds: readonly string[];
  users: ReadonlyMap<string, CachedUser>;
  /** Users holding a license for this app, per the cache and completed writes. */
  assigned: ReadonlySet<string>;
  /** Associations sent to Apple for this app that have not completed yet. */
  inFlight: ReadonlySet<string>;
}

export interface LicensePlan {
  decisions: Map<string, UserDecision>;
  licensesAvailable: number;
  counts: Record<UserDecision, number>;
}

const ZERO: Record<UserDecision, number> = {
  assign: 0,
  'already-assigned': 0,
  'in-flight': 0,
  register: 0,
  'pending-terms': 0,
  'no-licenses': 0,
  retired: 0,
  reclaim: 0,
  'nothing-to-reclaim': 0,
};

/** Licenses free for new associations right now. */
export function licensesFree(asset: CachedAsset, inFlightCount: number): number {
  return Math.max(0, asset.availableCount - inFlightCount);
}

export function planLicenses(input: PlanInput): LicensePlan {
  const decisions = new Map<string, UserDecision>();
  const counts = { ...ZERO };
  let free = licensesFree(input.asset, input.inFlight.size);
  const licensesAvailable = free;
  for (const id of input.clientUserIds) {
    if (decisions.has(id)) continue;
    const decision =
      input.action === 'uninstall'
        ? decideUninstall(id, input)
        : decideRequired(id, input, () => free > 0 && free-- > 0);
    decisions.set(id, decision);
    counts[decision]++;
  }
  return { decisions, licensesAvailable, counts };
}

function decideRequired(id: string, input: PlanInput, takeLicense: () => boolean): UserDecision {
  if (input.assigned.has(id)) return 'already-assigned';
  if (input.inFlight.has(id)) return 'in-flight';
  const terms: TermsStatus = termsStatusOf(input.users.get(id));
  if (terms === 'not-invited') return 'register';
  if (terms === 'retired') return 'retired';
  if (terms === 'pending') return 'pending-terms';
  return takeLicense() ? 'assign' : 'no-licenses';
}

function decideUninstall(id: string, input: PlanInput): UserDecision {
  return input.assigned.has(id) || input.inFlight.has(id) ? 'reclaim' : 'nothing-to-reclaim';
}

/** Required rows waiting for something, oldest first: the re-evaluation order after a sync. */
export function waitingRows(deployments: readonly CachedDeployment[]): CachedDeployment[] {
  return deployments
    .filter(
      (d) =>
        d.action === 'required' &&
        (d.state === 'pending-terms' || (d.state === 'failed' && d.reason === REASONS['no-licenses'])),
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Admin-facing reasons stored on rows. */
export const REASONS = {
  'no-licenses': 'No licenses available.',
  'pending-terms': 'Waiting for the user to accept the VPP invitation (terms).',
  register: 'Invited to the Volume Purchase Program; waiting for the user to accept the terms.',
  retired: 'The user is retired in Apple Business Manager and cannot receive licenses.',
  'user-not-found': 'Apple does not know this user.',
  'nothing-to-reclaim': 'No license was assigned to this user.',
  unconfirmed: 'Sent to Apple; confirmation pending.',
} as const;
