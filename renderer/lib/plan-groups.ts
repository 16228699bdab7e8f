/**
 * The deploy plan's people, grouped the way the admin reads them: who waits
 * for the terms, who is registered, who fails, who holds nothing to reclaim.
 * Pure, so the dialog, its tests and the CSV of a group agree.
 */
import { safeCsvCell } from '../../shared/csv-safe';
import type { DeployPlan, PlanDecision, PlanPerson } from '../../shared/contract';

export interface PlanGroup {
  id: 'waiting' | 'register' | 'fail' | 'nothing' | 'reclaim';
  title: string;
  tone: 'warning' | 'info' | 'danger' | 'neutral';
  people: PlanPerson[];
}

const GROUPS: Array<Omit<PlanGroup, 'people'> & { decisions: readonly PlanDecision[] }> = [
  { id: 'fail', title: 'Will fail', tone: 'danger', decisions: ['no-licenses', 'retired'] },
  { id: 'waiting', title: 'Wait for the VPP terms', tone: 'warning', decisions: ['pending-terms'] },
  { id: 'register', title: 'Will be registered and invited', tone: 'info', decisions: ['register'] },
  { id: 'reclaim', title: 'Will lose the app', tone: 'danger', decisions: ['reclaim'] },
  { id: 'nothing', title: 'Hold nothing to reclaim', tone: 'neutral', decisions: ['nothing-to-reclaim'] },
];

/** The groups with anyone in them; ids awaiting a "did you mean" choice are left out (they are listed there). */
export function planGroups(plan: DeployPlan, undecided: ReadonlySet<string> = new Set()): PlanGroup[] {
  const people = plan.people ?? [];
  return GROUPS.map(({ decisions, ...g }) => ({
    ...g,
    people: people.filter((p) => decisions.includes(p.decision) && !undecided.has(p.clientUserId)),
  })).filter((g) => g.people.length > 0);
}

/** Ids that can get a license now: what "Deploy only to the N who can get a license" sends. */
export function assignableIds(plan: DeployPlan): string[] {
  return (plan.people ?? []).filter((p) => p.decision === 'assign').map((p) => p.clientUserId);
}

/** A group as CSV, for copying or saving the full list. */
export function groupCsv(group: PlanGroup): string {
  const cell = (v: string | null) => {
    const safe = safeCsvCell(v ?? '');
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [
    'clientUserId,email,inviteUrl,reason',
    ...group.people.map((p) => [p.clientUserId, p.email, p.inviteUrl, p.reason].map(cell).join(',')),
  ].join('\n');
}
