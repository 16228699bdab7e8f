/**
 * One app's holders: every user and device Apple counts as holding a
 * license, with email, VPP Terms Status and whether VPP Desk or another tool
 * assigned it. Filter, search, export, and uninstall a selection after a plan.
 */
import { useState } from 'react';
import { api } from '../api';
import { AppUsagePanel } from '../components/app-usage-panel';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { AssignedBy } from '../components/holder-links';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { Segmented } from '../components/segmented';
import { PlanDialog } from '../dialogs/plan-dialog';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { downloadText } from '../lib/download';
import { formatNumber, plural } from '../lib/format';
import { uninstallPlan, type Target } from '../lib/holder-plans';
import { PRICING, TERMS } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useHolderNav } from '../stores/holder-nav-store';
import type { HolderRow } from '../../shared/holders';

type Kind = 'all' | 'user' | 'device';
type By = 'all' | 'vpp-desk' | 'other';

const keyOf = (r: { clientUserId: string | null; serialNumber: string | null }) =>
  r.clientUserId ? `u:${r.clientUserId}` : `s:${r.serialNumber ?? ''}`;

export function AppDetailPage() {
  const app = useHolderNav((s) => s.app);
  const openHolder = useHolderNav((s) => s.openHolder);
  const dataVersion = useAppStore((s) => s.dataVersion);
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('app', {
    // VPP Desk's own first, then Apple's order (people and devices mixed, as Apple lists them).
    by: 'assignedBy',
    dir: 'desc',
  });
  const [kind, setKind] = useState<Kind>('all');
  const [by, setBy] = useState<By>('all');
  const [chosen, setChosen] = useState<Map<string, Target>>(new Map());
  const [planning, setPlanning] = useState(false);

  const source = usePagedRows(
    api.queryHolders,
    {
      adamId: app?.adamId ?? '',
      ...(app ? { pricingParam: app.pricingParam } : {}),
      search: debouncedSearch,
      sortBy: sort.by,
      sortDir: sort.dir,
      ...(kind !== 'all' ? { kind } : {}),
      ...(by !== 'all' ? { assignedBy: by } : {}),
    },
    dataVersion,
  );

  if (!app) {
    return (
      <div className="page">
        <EmptyState icon="apps" title="No app chosen">
          Open an app from the Apps page to see who holds its licenses.
        </EmptyState>
      </div>
    );
  }

  const toggle = (r: HolderRow) =>
    setChosen((prev) => {
      const next = new Map(prev);
      if (next.has(keyOf(r))) next.delete(keyOf(r));
      else
        next.set(keyOf(r), {
          adamId: r.adamId,
          pricingParam: r.pricingParam,
          clientUserId: r.clientUserId,
          serialNumber: r.serialNumber,
        });
      return next;
    });

  const columns: Array<Column<HolderRow>> = [
    {
      id: 'pick',
      header: '',
      width: 40,
      cell: (r) => (
        <input
          type="checkbox"
          aria-label={`Select ${r.clientUserId ?? r.serialNumber ?? ''}`}
          checked={chosen.has(keyOf(r))}
          onChange={() => toggle(r)}
        />
      ),
    },
    {
      id: 'holder',
      header: 'Holder',
      width: 200,
      grow: 2,
      sortKey: 'clientUserId',
      cell: (r) => (
        <button
          type="button"
          className="link-btn cell-main"
          onClick={() =>
            openHolder(r.clientUserId ? { clientUserId: r.clientUserId } : { serialNumber: r.serialNumber ?? '' })
          }
        >
          {r.clientUserId ?? r.serialNumber}
        </button>
      ),
    },
    {
      id: 'kind',
      header: 'Kind',
      width: 80,
      cell: (r) => <span className="tag">{r.clientUserId ? 'User' : 'Device'}</span>,
    },
    { id: 'email', header: 'Email', width: 200, grow: 2, sortKey: 'email', cell: (r) => r.email ?? '—' },
    {
      id: 'terms',
      header: 'VPP Terms Status',
      width: 150,
      cell: (r) => (r.termsStatus ? <Pill tone={TERMS[r.termsStatus].tone}>{TERMS[r.termsStatus].label}</Pill> : '—'),
    },
    {
      id: 'by',
      header: 'Assigned by',
      width: 130,
      sortKey: 'assignedBy',
      cell: (r) => <AssignedBy by={r.assignedBy} />,
    },
    { id: 'since', header: 'Since', width: 120, cell: (r) => (r.since ? r.since.slice(0, 10) : '—') },
  ];

  const exportCsv = async () => {
    const out = await api.exportHoldersCsv({ what: 'holders', adamId: app.adamId, pricingParam: app.pricingParam });
    downloadText(out.fileName, out.csv);
  };
  const selection = [...chosen.values()];
  const actions = uninstallPlan(selection);

  return (
    <div className="page page-list">
      <PageHeader
        title={app.name}
        description={
          <>
            Adam ID <span className="mono">{app.adamId}</span> · {PRICING[app.pricingParam].label} · who holds its
            licenses, from Apple&apos;s assignments as of the last sync.
          </>
        }
        actions={
          <>
            <Button icon="download" onClick={() => void exportCsv()}>
              Export CSV
            </Button>
            <Button
              variant="danger"
              icon="trash"
              blockedReason={selection.length === 0 ? 'Select the holders to uninstall first.' : null}
              onClick={() => setPlanning(true)}
            >
              Uninstall selected ({formatNumber(selection.length)})
            </Button>
          </>
        }
      />
      <AppUsagePanel app={app} />
      <div className="toolbar">
        <SearchInput
          value={search}
          onChange={setSearch}
          placeholder="Search user, serial or email"
          label="Search holders"
        />
        <Segmented<Kind>
          label="Holder kind"
          value={kind}
          onChange={setKind}
          segments={[
            { value: 'all', label: 'All' },
            { value: 'user', label: 'Users' },
            { value: 'device', label: 'Devices' },
          ]}
        />
        <Segmented<By>
          label="Assigned by"
          value={by}
          onChange={setBy}
          segments={[
            { value: 'all', label: 'Anyone' },
            { value: 'vpp-desk', label: 'VPP Desk' },
            { value: 'other', label: 'Another tool' },
          ]}
        />
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="holders-count">
          {source.total === null ? 'Loading…' : plural(source.total, 'holder', 'holders')}
        </span>
      </div>
      <DataTable
        label={`Holders of ${app.name}`}
        source={source}
        columns={columns}
        sort={sort}
        onSort={setSort}
        empty={
          <EmptyState icon="users" title="Nobody holds this app">
            No user or device holds a license of it.
          </EmptyState>
        }
        testId="holders-table"
      />
      {planning ? (
        <PlanDialog
          title={`Uninstall ${app.name}`}
          confirmLabel="Uninstall"
          plan={actions.plan}
          run={async () => {
            const out = await actions.run();
            setChosen(new Map());
            return out;
          }}
          appName={() => app.name}
          onClose={() => setPlanning(false)}
        />
      ) : null}
    </div>
  );
}
