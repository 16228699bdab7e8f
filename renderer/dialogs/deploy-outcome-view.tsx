/** Per-user outcome of a deployment just sent, with counts by status. */
import { useCallback } from 'react';
import { DataTable, type Column } from '../components/data-table';
import { Pill } from '../components/pill';
import { usePagedRows } from '../hooks/use-paged-rows';
import { formatNumber } from '../lib/format';
import { DEPLOYMENT_STATE, reasonText, TERMS } from '../lib/labels';
import { countByState } from '../lib/outcome-summary';
import type { DeploymentRow } from '../../shared/domain';

const COLUMNS: Array<Column<DeploymentRow>> = [
  { id: 'user', header: 'User', width: 130, grow: 1, cell: (r) => <span className="mono">{r.clientUserId}</span> },
  { id: 'email', header: 'Email', width: 150, grow: 1, cell: (r) => r.email ?? <span className="muted">—</span> },
  {
    id: 'state',
    header: 'Status',
    width: 150,
    cell: (r) => <Pill tone={DEPLOYMENT_STATE[r.state].tone}>{DEPLOYMENT_STATE[r.state].label}</Pill>,
  },
  {
    id: 'terms',
    header: 'VPP Terms Status',
    width: 160,
    cell: (r) => <Pill tone={TERMS[r.termsStatus].tone}>{TERMS[r.termsStatus].label}</Pill>,
  },
  {
    id: 'reason',
    header: 'Reason',
    width: 200,
    grow: 3,
    cell: (r) => <span title={reasonText(r.reason)}>{reasonText(r.reason)}</span>,
  },
];

const NO_SORT = { by: '', dir: 'asc' } as const;

export function DeployOutcomeView({ rows }: { rows: DeploymentRow[] }) {
  // The rows are already here; serving them through the same paged table keeps 100,000 outcomes smooth.
  const fetchRows = useCallback(
    (q: { offset: number; limit: number }) =>
      Promise.resolve({ total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + q.limit) }),
    [rows],
  );
  const source = usePagedRows(fetchRows, {}, 0);
  const counts = [...countByState(rows)];

  return (
    <div className="outcome" data-testid="outcome">
      <ul className="outcome-counts" aria-label="Outcome by status">
        {counts.map(([state, n]) => (
          <li key={state}>
            <Pill tone={DEPLOYMENT_STATE[state].tone}>
              {DEPLOYMENT_STATE[state].label}: {formatNumber(n)}
            </Pill>
          </li>
        ))}
      </ul>
      <div className="outcome-table">
        <DataTable
          label="Outcome per user"
          source={source}
          columns={COLUMNS}
          sort={NO_SORT}
          onSort={() => undefined}
          empty={<p>No users.</p>}
        />
      </div>
    </div>
  );
}
