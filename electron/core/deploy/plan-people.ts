/**
 * Plans that name people, pure: each user with what the plan does for them
 * (and the invitation link of those who must accept the terms first), and
 * the ids Apple does not know that look like a known user's: another case of
 * their id, or their email. Registering those would create a second Apple
 * user for the same person, so the admin chooses instead of VPP Desk.
 */
import { VppError } from '../../../shared/errors';
import { inviteUrlOf } from '../cache';
import { REASONS, type LicensePlan, type UserDecision } from './licenses';
import type { PlanLookalike, PlanPerson } from '../../../shared/contract';
import type { CachedUser, ServiceInfo } from '../cache';

const REASON_OF: Partial<Record<UserDecision, string>> = {
  'no-licenses': REASONS['no-licenses'],
  retired: REASONS.retired,
  'nothing-to-reclaim': REASONS['nothing-to-reclaim'],
  register: 'New to Apple: registered and invited.',
};

export interface NamedPlan {
  people: PlanPerson[];
  lookalikes: PlanLookalike[];
}

export function namePeople(
  users: ReadonlyMap<string, CachedUser>,
  service: ServiceInfo | null,
  plan: Pick<LicensePlan, 'decisions'>,
): NamedPlan {
  const people: PlanPerson[] = [];
  const unknown: string[] = [];
  for (const [clientUserId, decision] of plan.decisions) {
    const user = users.get(clientUserId);
    if (!user) unknown.push(clientUserId);
    people.push({
      clientUserId,
      decision,
      email: user?.email ?? null,
      inviteUrl: inviteUrlOf(user, service),
      reason: REASON_OF[decision] ?? null,
    });
  }
  return { people, lookalikes: findLookalikes(users, unknown) };
}

/** Ids Apple does not know that differ only in case from a known user's id, or are a known user's email. */
export function findLookalikes(users: ReadonlyMap<string, CachedUser>, unknown: readonly string[]): PlanLookalike[] {
  if (unknown.length === 0) return [];
  // Built only when some id is unknown: the common plan names known users only.
  const byId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  for (const u of users.values()) {
    byId.set(u.clientUserId.toLowerCase(), u.clientUserId);
    if (u.email) byEmail.set(u.email.toLowerCase(), u.clientUserId);
  }
  const found: PlanLookalike[] = [];
  for (const id of unknown) {
    const key = id.toLowerCase();
    const sameButCase = byId.get(key);
    const emailOf = byEmail.get(key);
    if (sameButCase !== undefined) found.push({ clientUserId: id, suggestion: sameButCase, why: 'case' });
    else if (emailOf !== undefined) found.push({ clientUserId: id, suggestion: emailOf, why: 'email' });
  }
  return found;
}

/** The sentence refusing to register look-alike ids the admin did not choose to register. */
export function lookalikeRefusal(lookalikes: readonly PlanLookalike[]): VppError {
  const shown = lookalikes
    .slice(0, 5)
    .map((l) => `"${l.clientUserId}" (did you mean "${l.suggestion}"?)`)
    .join(', ');
  const more = lookalikes.length > 5 ? ` and ${lookalikes.length - 5} more` : '';
  return new VppError(
    'VALIDATION',
    `Apple does not know ${shown}${more}. Use the known user's id, or confirm registering these as new Apple users.`,
  );
}
