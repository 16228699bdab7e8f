/** Which of Apple's assignments VPP Desk made: its deployment row for that user and app is in state assigned. */
import { appKey, rowKey } from '../../../shared/keys';
import { due, now, type Steps } from './steps';
import type { CachedDeployment } from '../cache';

export function assignedRows(deployments: readonly CachedDeployment[]): Map<string, CachedDeployment> {
  return now(assignedRowSteps(deployments));
}

/** assignedRows as steps: a million deployment rows took ~200 ms in one call. */
export function* assignedRowSteps(deployments: readonly CachedDeployment[]): Steps<Map<string, CachedDeployment>> {
  const out = new Map<string, CachedDeployment>();
  const n = deployments.length;
  for (let i = 0; i < n; i++) {
    const d = deployments[i] as CachedDeployment;
    if (d.state === 'assigned') out.set(rowKey(d.adamId, d.pricingParam, d.clientUserId), d);
    if (due(i)) yield;
  }
  return out;
}

/**
 * Per app (appKey), how many licenses VPP Desk assigned: its rows in state
 * assigned, each user once. Counted from the main file's deployment rows, not
 * by matching them against Apple's assignments: that part is a million rows
 * in a large district (2.5-3.5 s and 160 MB for `vpp-desk apps` at 200,000),
 * and the rows already agree with it: a deployment adds the assignment when
 * it marks its row assigned, and after every sync the row check
 * (deploy/row-reconcile.ts) moves a row whose license Apple no longer lists.
 */
export function* vppDeskAssignedCounts(deployments: readonly CachedDeployment[]): Steps<Map<string, number>> {
  const out = new Map<string, number>();
  let k = 0;
  for (const d of (yield* assignedRowSteps(deployments)).values()) {
    const key = appKey(d.adamId, d.pricingParam);
    out.set(key, (out.get(key) ?? 0) + 1);
    if (due(k++)) yield;
  }
  return out;
}
