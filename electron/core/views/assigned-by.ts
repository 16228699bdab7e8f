/** Which of Apple's assignments VPP Desk made: its deployment row for that user and app is in state assigned. */
import { appKey, rowKey } from '../../../shared/keys';
import type { CachedAssignment, CachedDeployment } from '../cache';

export function assignedRows(deployments: readonly CachedDeployment[]): Map<string, CachedDeployment> {
  const out = new Map<string, CachedDeployment>();
  for (const d of deployments) if (d.state === 'assigned') out.set(rowKey(d.adamId, d.pricingParam, d.clientUserId), d);
  return out;
}

/** Per app (appKey), how many of Apple's assignments VPP Desk made. */
export function vppDeskAssignedCounts(
  assignments: readonly CachedAssignment[],
  deployments: readonly CachedDeployment[],
): Map<string, number> {
  const ours = assignedRows(deployments);
  const out = new Map<string, number>();
  for (const a of assignments) {
    if (!a.clientUserId || !ours.has(rowKey(a.adamId, a.pricingParam, a.clientUserId))) continue;
    const key = appKey(a.adamId, a.pricingParam);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
