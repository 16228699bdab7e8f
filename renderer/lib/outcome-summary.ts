/** "3 assigned, 2 waiting for terms, 1 failed": per-state counts of deployment rows. */
import { formatNumber } from './format';
import { DEPLOYMENT_STATE } from './labels';
import type { DeploymentRow, DeploymentState } from '../../shared/domain';

export function countByState(rows: DeploymentRow[]): Map<DeploymentState, number> {
  const counts = new Map<DeploymentState, number>();
  for (const row of rows) counts.set(row.state, (counts.get(row.state) ?? 0) + 1);
  return counts;
}

export function outcomeSummary(rows: DeploymentRow[]): string {
  const parts = [...countByState(rows)].map(
    ([state, n]) => `${formatNumber(n)} ${DEPLOYMENT_STATE[state].label.toLowerCase()}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}
