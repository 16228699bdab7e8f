/**
 * The people a deploy plan names, for the terminal: who waits for the terms
 * (with the invitation link to send again), who fails and why, who is
 * registered, and "did you mean" for ids that look like a known user's.
 * Long lists stop after LIST_CAP names; --json has every one.
 */
import type { DeployPlan, PlanDecision, PlanPerson } from '../../shared/contract';

export const LIST_CAP = 50;

const GROUPS: Array<{ title: string; decisions: readonly PlanDecision[] }> = [
  { title: 'Wait for the VPP terms (send them the invitation link)', decisions: ['pending-terms'] },
  { title: 'Will be registered with Apple and invited', decisions: ['register'] },
  { title: 'Will fail', decisions: ['no-licenses', 'retired'] },
  { title: 'Hold nothing to reclaim', decisions: ['nothing-to-reclaim'] },
];

function personLine(p: PlanPerson): string {
  const who = p.email ? `${p.clientUserId} <${p.email}>` : p.clientUserId;
  const extra = p.decision === 'pending-terms' ? (p.inviteUrl ?? 'no invitation link yet') : (p.reason ?? '');
  return `    ${who}${extra ? `  ${extra}` : ''}`;
}

export function namedLines(plan: DeployPlan): string[] {
  const lines: string[] = [];
  const lookalikes = plan.lookalikes ?? [];
  const lookalike = new Set(lookalikes.map((l) => l.clientUserId));
  if (lookalikes.length > 0) {
    lines.push('', `Apple does not know ${lookalikes.length} id(s) that look like a known user's:`);
    for (const l of lookalikes.slice(0, LIST_CAP))
      lines.push(
        `    ${l.clientUserId}  did you mean ${l.suggestion}? (${l.why === 'case' ? 'same id, other case' : 'their email'})`,
      );
    if (lookalikes.length > LIST_CAP) lines.push(`    and ${lookalikes.length - LIST_CAP} more (--json lists all)`);
    lines.push('Use the known ids, or add --register-lookalikes to register these as new Apple users.');
  }
  for (const group of GROUPS) {
    const people = (plan.people ?? []).filter(
      (p) => group.decisions.includes(p.decision) && !lookalike.has(p.clientUserId),
    );
    if (people.length === 0) continue;
    lines.push('', `${group.title} (${people.length}):`, ...people.slice(0, LIST_CAP).map(personLine));
    if (people.length > LIST_CAP) lines.push(`    and ${people.length - LIST_CAP} more (--json lists all)`);
  }
  return lines;
}
