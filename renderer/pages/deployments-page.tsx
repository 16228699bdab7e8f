/**
 * One row per (app, user): what was asked (Required / Uninstall), where it
 * stands, the user's VPP Terms Status and why it failed. Filters, search,
 * sort, CSV export of exactly the filtered view, and retry of failed rows.
 */
import { useState } from 'react';
import { api, messageOf } from '../api';
import { AppPicker } from '../components/app-picker';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable, type Column } from '../components/data-table';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { SelectFilter } from '../components/select-filter';
import { useFailedCount } from '../hooks/use-failed-count';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { appleBlockedReason } from '../lib/capabilities';
import { allDeployments, deploymentsQuery } from '../lib/deployments-query';
import { downloadText } from '../lib/download';
import { formatCompact, formatDateTime, formatRelative, plural } from '../lib/format';
import { ACTION, DEPLOYMENT_STATE, reasonText, TERMS } from '../lib/labels';
import { outcomeSummary } from '../lib/outcome-summary';
import { useAppStore } from '../stores/app-store';
import { useDeploymentFilters } from '../stores/deployment-filters-store';
import { useDialogStore } from '../stores/dialog-store';
import { toast } from '../stores/toast-store';
import { ListEmpty } from './list-empty';
import type { DeploymentRow } from '../../shared/domain';

const ACTION_OPTIONS = (Object.keys(ACTION) as Array<keyof typeof ACTION>).map((value) => ({
  value,
  label: ACTION[value],
}));
const STATE_OPTIONS = (Object.keys(DEPLOYMENT_STATE) as Array<keyof typeof DEPLOYMENT_STATE>).map((value) => ({
  value,
  label: DEPLOYMENT_STATE[value].label,
}));
const TERMS_OPTIONS = (Object.keys(TERMS) as Array<keyof typeof TERMS>).map((value) => ({
  value,
  label: TERMS[value].label,
}));

export function DeploymentsPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const info = useAppStore((s) => s.info);
  const token = useAppStore((s) => s.token);
  const dataChanged = useAppStore((s) => s.dataChanged);
  const openDeploy = useDialogStore((s) => s.openDeploy);
  const filters = useDeploymentFilters();
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('deployments', {
    by: 'updatedAt',
    dir: 'desc',
  });
  const [exporting, setExporting] = useState(false);
  const [retryAll, setRetryAll] = useState(false);
  const [retrying, setRetrying] = useState<string | null>(null);

  const query = deploymentsQuery(filters, debouncedSearch, sort);
  const source = usePagedRows(api.queryDeployments, query, dataVersion);
  const failedCount = useFailedCount(query, dataVersion);
  const blocked = appleBlockedReason(info, token);
  const filtered =
    debouncedSearch !== '' ||
    filters.app !== null ||
    filters.action !== '' ||
    filters.state !== '' ||
    filters.terms !== '';

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { fileName, csv } = await api.exportCsv({ what: 'deployments', query: { ...query } });
      downloadText(fileName, csv);
      toast.success(`Exported ${plural(source.total ?? 0, 'row', 'rows')} to ${fileName}.`);
    } catch (err) {
      toast.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  const retry = async (rows: DeploymentRow[]) => {
    const outcome = await api.retryDeployments({
      rows: rows.map((r) => ({ adamId: r.adamId, pricingParam: r.pricingParam, clientUserId: r.clientUserId })),
    });
    dataChanged();
    toast.success(`Retried ${plural(rows.length, 'deployment', 'deployments')}: ${outcomeSummary(outcome.rows)}.`);
  };

  const retryOne = async (row: DeploymentRow) => {
    const key = `${row.adamId}|${row.pricingParam}|${row.clientUserId}`;
    setRetrying(key);
    try {
      await retry([row]);
    } catch (err) {
      toast.error(messageOf(err));
    } finally {
      setRetrying(null);
    }
  };

  const columns: Array<Column<DeploymentRow>> = [
    {
      id: 'app',
      header: 'App',
      width: 150,
      grow: 2,
      sortKey: 'appName',
      fit: (r) => r.appName,
      cell: (r) => (
        <span className="cell-main" title={`${r.appName} (${r.adamId}, ${r.pricingParam})`}>
          {r.appName}
        </span>
      ),
    },
    {
      id: 'user',
      header: 'User',
      width: 120,
      grow: 1,
      sortKey: 'clientUserId',
      fit: (r) => r.clientUserId,
      mono: true,
      cell: (r) => (
        <span className="mono" title={r.clientUserId}>
          {r.clientUserId}
        </span>
      ),
    },
    {
      id: 'email',
      header: 'Email',
      width: 150,
      grow: 1,
      sortKey: 'email',
      priority: 'low',
      fit: (r) => r.email ?? '—',
      cell: (r) => (r.email ? <span title={r.email}>{r.email}</span> : <span className="muted">—</span>),
    },
    {
      id: 'action',
      header: 'Action',
      width: 84,
      sortKey: 'action',
      priority: 'low',
      cell: (r) => <span className={`action action-${r.action}`}>{ACTION[r.action]}</span>,
    },
    {
      id: 'state',
      header: 'Status',
      width: 140,
      sortKey: 'state',
      cell: (r) => <Pill tone={DEPLOYMENT_STATE[r.state].tone}>{DEPLOYMENT_STATE[r.state].label}</Pill>,
    },
    {
      id: 'terms',
      header: 'VPP Terms Status',
      width: 160,
      sortKey: 'termsStatus',
      cell: (r) => <Pill tone={TERMS[r.termsStatus].tone}>{TERMS[r.termsStatus].label}</Pill>,
    },
    {
      id: 'reason',
      header: 'Reason',
      width: 150,
      grow: 2,
      sortKey: 'reason',
      fit: (r) => (r.reason ? reasonText(r.reason) : '—'),
      fitExtra: 34,
      // Retry sits with the reason it answers, which keeps the table within a laptop's width.
      cell: (r) => (
        <span className="reason-cell">
          {r.reason ? (
            <span className="reason-text" title={reasonText(r.reason)}>
              {reasonText(r.reason)}
            </span>
          ) : (
            <span className="muted">—</span>
          )}
          {/* A retired user cannot be helped by a retry; the reason says why. */}
          {r.state === 'failed' && r.termsStatus !== 'retired' ? (
            <Button
              size="sm"
              variant="ghost"
              icon="retry"
              className="btn-icon-only"
              blockedReason={blocked}
              busy={retrying === `${r.adamId}|${r.pricingParam}|${r.clientUserId}`}
              onClick={() => void retryOne(r)}
              title="Retry this deployment"
              aria-label={`Retry ${r.appName} for ${r.clientUserId}`}
            />
          ) : null}
        </span>
      ),
    },
    {
      id: 'updated',
      header: 'Last change',
      width: 130,
      sortKey: 'updatedAt',
      cell: (r) => (
        <span title={`${formatDateTime(r.updatedAt)} (${formatRelative(r.updatedAt)})`}>
          {formatCompact(r.updatedAt)}
        </span>
      ),
    },
  ];

  const showRetryAll = failedCount > 0 && (filters.state === '' || filters.state === 'failed');

  return (
    <div className="page page-list">
      <PageHeader
        title="Deployments"
        description="Each app asked for each user, and where it stands. Required uses one license per user once they accept the VPP terms; Uninstall gives it back."
        actions={
          <>
            {showRetryAll ? (
              <Button icon="retry" blockedReason={blocked} onClick={() => setRetryAll(true)}>
                Retry {plural(failedCount, 'failed', 'failed')}
              </Button>
            ) : null}
            <Button
              icon="download"
              busy={exporting}
              onClick={() => void exportCsv()}
              disabled={source.total === 0}
              title="Export the rows that match the filters as CSV"
            >
              Export CSV
            </Button>
            <Button variant="primary" icon="deploy" onClick={() => openDeploy()} data-testid="open-deploy">
              Deploy app
            </Button>
          </>
        }
      />
      <div className="toolbar toolbar-wrap">
        <SearchInput
          value={search}
          onChange={setSearch}
          placeholder="Search app, user or email"
          label="Search deployments"
        />
        <AppPicker
          label="App"
          compact
          value={filters.app}
          onChange={(app) => filters.set({ app })}
          placeholder="Filter by app…"
        />
        <SelectFilter
          label="Action"
          value={filters.action}
          options={ACTION_OPTIONS}
          anyLabel="Any"
          onChange={(action) => filters.set({ action })}
        />
        <SelectFilter
          label="Status"
          value={filters.state}
          options={STATE_OPTIONS}
          anyLabel="Any"
          onChange={(state) => filters.set({ state })}
        />
        <SelectFilter
          label="VPP Terms"
          value={filters.terms}
          options={TERMS_OPTIONS}
          anyLabel="Any"
          onChange={(terms) => filters.set({ terms })}
        />
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              filters.clear();
              setSearch('');
            }}
          >
            Clear filters
          </Button>
        ) : null}
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="deployments-count">
          {source.total === null
            ? 'Loading…'
            : plural(source.total, filtered ? 'matching row' : 'row', filtered ? 'matching rows' : 'rows')}
        </span>
      </div>
      <DataTable
        label="Deployments"
        source={source}
        columns={columns}
        sort={sort}
        onSort={setSort}
        rowClass={(r) => (r.state === 'failed' ? 'is-failed' : '')}
        empty={
          <ListEmpty what="deployments" filtered={filtered}>
            <p>Deploy an app to users to see one row per app and user here.</p>
            <Button variant="primary" icon="deploy" onClick={() => openDeploy()}>
              Deploy app
            </Button>
          </ListEmpty>
        }
        testId="deployments-table"
      />
      {retryAll ? (
        <ConfirmDialog
          title={`Retry ${plural(failedCount, 'failed deployment', 'failed deployments')}?`}
          confirmLabel="Retry"
          onConfirm={async () => retry(await allDeployments({ ...query, state: 'failed' }))}
          onClose={() => setRetryAll(false)}
        >
          <p>
            VPP Desk plans them again: users who have accepted the VPP terms get a license while licenses are available;
            the others wait or fail again with the reason.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
