/** CSV exports of what the admin is looking at (the filtered views). */
import { ACTIVITY_CSV_COLUMNS } from '../../../shared/activity-columns';
import { csvInTurns } from './csv';
import type { ParsedRequestOf, ResultOf } from '../../../shared/contract';
import type { AppRow, DeploymentRow, UserRow } from '../../../shared/domain';
import type { Clock } from '../base';
import type { Queries } from './queries';

const DEPLOYMENT_COLUMNS: Array<keyof DeploymentRow & string> = [
  'adamId',
  'pricingParam',
  'appName',
  'clientUserId',
  'email',
  'action',
  'state',
  'termsStatus',
  'reason',
  'updatedAt',
];
const APP_COLUMNS: Array<keyof AppRow & string> = [
  'adamId',
  'pricingParam',
  'name',
  'productType',
  'supportedPlatforms',
  'totalCount',
  'assignedCount',
  'availableCount',
  'retiredCount',
  'deploymentCount',
];
const USER_COLUMNS: Array<keyof UserRow & string> = ['clientUserId', 'email', 'status', 'termsStatus', 'inviteUrl'];

const ALL = { offset: 0, limit: 5000, search: '', sortDir: 'asc' as const };

export async function exportCsv(
  req: ParsedRequestOf<'export:csv'>,
  queries: Queries,
  clock: Clock,
): Promise<ResultOf<'export:csv'>> {
  const stamp = clock.now().toISOString().slice(0, 10);
  const query = { ...ALL, ...(req.query ?? {}) };
  const file = (what: string) => `vpp-desk-${what}-${stamp}.csv`;
  switch (req.what) {
    case 'deployments':
      return {
        fileName: file('deployments'),
        csv: await csvInTurns(await queries.allDeployments(query), DEPLOYMENT_COLUMNS),
      };
    case 'activity':
      return {
        fileName: file('activity'),
        csv: await csvInTurns(
          await queries.allActivity({ ...query, ...(req.activity ?? {}), sortBy: 'at', sortDir: 'desc' }),
          [...ACTIVITY_CSV_COLUMNS],
        ),
      };
    case 'apps':
      return { fileName: file('apps'), csv: await csvInTurns(await queries.allApps(query), APP_COLUMNS) };
    case 'users':
      return { fileName: file('users'), csv: await csvInTurns(await queries.allUsers(query), USER_COLUMNS) };
  }
}
