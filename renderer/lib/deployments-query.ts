/**
 * The Deployments page's filters as the contract's query, shared by the
 * table, the CSV export and "Retry failed" so all three see the same rows.
 */
import { api } from '../api';
import type { PageRequest } from '../../shared/contract';
import type { DeployAction, DeploymentRow, DeploymentState, TermsStatus } from '../../shared/domain';
import type { DeploymentFilters } from '../stores/deployment-filters-store';
import type { Sort } from './selection-types';

export interface DeploymentsQueryInput extends Pick<PageRequest, 'search' | 'sortBy' | 'sortDir'> {
  adamId?: string;
  action?: DeployAction;
  state?: DeploymentState;
  terms?: TermsStatus;
}

export function deploymentsQuery(filters: DeploymentFilters, search: string, sort: Sort): DeploymentsQueryInput {
  return {
    search,
    sortBy: sort.by,
    sortDir: sort.dir,
    adamId: filters.app?.adamId,
    action: filters.action || undefined,
    state: filters.state || undefined,
    terms: filters.terms || undefined,
  };
}

/** The contract caps a page at 5,000 rows; this walks every page of the filter. */
export async function allDeployments(query: DeploymentsQueryInput): Promise<DeploymentRow[]> {
  const rows: DeploymentRow[] = [];
  const limit = 5000;
  for (let offset = 0; ; offset += limit) {
    const page = await api.queryDeployments({ ...query, offset, limit });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}
