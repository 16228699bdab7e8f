/**
 * Volume-purchased apps and books with their license counts: purchased,
 * used, available and a usage bar; low stock (by the organisation's rule and
 * each app's own) is highlighted, explained in words and filterable, and the
 * most urgent apps come first unless the admin sorts otherwise.
 * Each app's deployment count opens the Deployments page filtered to it.
 */
import { useState } from 'react';
import { describeLowStockRule, isLowStock as isLowBy, ruleFor } from '../../shared/low-stock';
import { api } from '../api';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { Toggle } from '../components/toggle';
import { UsageBar } from '../components/usage-bar';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { formatNumber, plural } from '../lib/format';
import { PRICING } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useDeploymentFilters } from '../stores/deployment-filters-store';
import { useDialogStore } from '../stores/dialog-store';
import { useHolderNav } from '../stores/holder-nav-store';
import { useInsightStore } from '../stores/insight-store';
import { useListStore } from '../stores/list-store';
import { useNavStore } from '../stores/nav-store';
import { ListEmpty } from './list-empty';
import type { AppRow } from '../../shared/domain';

/** Core's 'urgency' sort: furthest below its own threshold first, then closest to it. */
const URGENT_FIRST = { by: 'urgency', dir: 'asc' } as const;

export function AppsPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const go = useNavStore((s) => s.go);
  const showApp = useDeploymentFilters((s) => s.showApp);
  const openDeploy = useDialogStore((s) => s.openDeploy);
  const openApp = useHolderNav((s) => s.openApp);
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('apps', URGENT_FIRST);
  const rules = useInsightStore((s) => s.rules);
  const ruleWords = useInsightStore((s) => s.settings?.words) ?? null;
  const ruleOf = (r: AppRow) => ruleFor(rules, r.adamId, r.pricingParam);
  const isLowStock = (r: AppRow) => isLowBy(r, ruleOf(r));
  const [lowStockOnly, setLowStockOnly] = useState(false);

  const source = usePagedRows(
    api.queryApps,
    { search: debouncedSearch, sortBy: sort.by, sortDir: sort.dir, lowStockOnly },
    dataVersion,
  );
  const filtered = debouncedSearch !== '' || lowStockOnly;

  const columns: Array<Column<AppRow>> = [
    {
      id: 'name',
      header: 'Name',
      width: 184,
      grow: 3,
      sortKey: 'name',
      fit: (r) => r.name,
      cell: (r) => (
        <button
          type="button"
          className="link-btn cell-main"
          title={`Who holds ${r.name}`}
          onClick={() => openApp({ adamId: r.adamId, pricingParam: r.pricingParam, name: r.name })}
        >
          {r.name}
        </button>
      ),
    },
    {
      id: 'adamId',
      header: 'Adam ID',
      width: 104,
      sortKey: 'adamId',
      priority: 'low',
      fit: (r) => r.adamId,
      mono: true,
      cell: (r) => <span className="mono">{r.adamId}</span>,
    },
    { id: 'type', header: 'Type', width: 76, sortKey: 'productType', priority: 'low', cell: (r) => r.productType },
    {
      id: 'pricing',
      header: 'Pricing',
      width: 86,
      sortKey: 'pricingParam',
      cell: (r) => (
        <span className="tag" title={PRICING[r.pricingParam].title}>
          {PRICING[r.pricingParam].label}
        </span>
      ),
    },
    {
      id: 'platforms',
      header: 'Platforms',
      width: 100,
      grow: 1,
      priority: 'low',
      fit: (r) => r.supportedPlatforms.join(', '),
      cell: (r) => (
        <span className="cell-text" title={r.supportedPlatforms.join(', ')}>
          {r.supportedPlatforms.join(', ') || '—'}
        </span>
      ),
    },
    {
      id: 'total',
      header: 'Purchased',
      width: 104,
      align: 'end',
      sortKey: 'totalCount',
      cell: (r) => <span className="num">{formatNumber(r.totalCount)}</span>,
    },
    {
      id: 'used',
      header: 'Used',
      width: 72,
      align: 'end',
      sortKey: 'assignedCount',
      cell: (r) => <span className="num">{formatNumber(r.assignedCount)}</span>,
    },
    {
      id: 'available',
      header: 'Available',
      width: 140,
      align: 'end',
      sortKey: 'availableCount',
      cell: (r) =>
        isLowStock(r) ? (
          <span className={`available ${r.availableCount === 0 ? 'is-out' : 'is-low'}`}>
            <Pill tone={r.availableCount === 0 ? 'danger' : 'warning'} title={describeLowStockRule(ruleOf(r))}>
              {r.availableCount === 0 ? 'None left' : 'Low'}
            </Pill>
            <span className="num">{formatNumber(r.availableCount)}</span>
          </span>
        ) : (
          <span className="num">{formatNumber(r.availableCount)}</span>
        ),
    },
    {
      id: 'vppDesk',
      header: 'By VPP Desk',
      width: 110,
      align: 'end',
      sortKey: 'vppDeskAssigned',
      priority: 'low',
      cell: (r) => (
        <span
          className="num"
          title={`${r.vppDeskAssigned} of ${r.assignedCount} used licenses were assigned by VPP Desk`}
        >
          {formatNumber(r.vppDeskAssigned)}
        </span>
      ),
    },
    {
      id: 'usage',
      header: 'Usage',
      width: 120,
      cell: (r) => (
        <UsageBar
          used={r.assignedCount}
          total={r.totalCount}
          tone={r.totalCount > 0 && r.availableCount <= 0 ? 'out' : isLowStock(r) ? 'low' : 'ok'}
        />
      ),
    },
    {
      id: 'deployments',
      header: 'Deployments',
      width: 130,
      align: 'end',
      sortKey: 'deploymentCount',
      cell: (r) => (
        <span className="deploy-cell">
          {r.deploymentCount === 0 ? (
            <span className="num muted">0</span>
          ) : (
            <button
              type="button"
              className="link-btn num"
              onClick={() => {
                showApp({ adamId: r.adamId, pricingParam: r.pricingParam, name: r.name });
                // A leftover search would hide some of this app's rows.
                useListStore.getState().setSearch('deployments', '');
                go('deployments');
              }}
              aria-label={`${plural(r.deploymentCount, 'deployment', 'deployments')} of ${r.name}: open`}
              title={`Open the deployments of ${r.name}`}
            >
              {formatNumber(r.deploymentCount)}
            </button>
          )}
          <Button
            size="sm"
            variant="ghost"
            icon="deploy"
            className="btn-icon-only"
            title={`Deploy ${r.name}…`}
            aria-label={`Deploy ${r.name} (${r.pricingParam})`}
            onClick={() => openDeploy({ adamId: r.adamId, pricingParam: r.pricingParam, appName: r.name })}
          />
        </span>
      ),
    },
  ];

  return (
    <div className="page page-list">
      <PageHeader
        title="Volume-purchased apps"
        description="Apps and books bought through Apps and Books, with their licenses as of the last sync."
      />
      <div className="toolbar">
        <SearchInput value={search} onChange={setSearch} placeholder="Search name or Adam ID" label="Search apps" />
        <Toggle pressed={lowStockOnly} onChange={setLowStockOnly}>
          Low stock only
        </Toggle>
        <Toggle
          pressed={sort.by === URGENT_FIRST.by}
          onChange={(on) => setSort(on ? URGENT_FIRST : { by: 'name', dir: 'asc' })}
        >
          Most urgent first
        </Toggle>
        {ruleWords ? (
          <span className="rule-note" data-testid="apps-rule">
            {ruleWords}
            {Object.keys(rules.overrides).length > 0 ? ' (some apps have their own rule)' : ''}.
          </span>
        ) : null}
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="apps-count">
          {source.total === null
            ? 'Loading…'
            : plural(source.total, filtered ? 'matching app' : 'app', filtered ? 'matching apps' : 'apps')}
        </span>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              setLowStockOnly(false);
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      <DataTable
        label="Volume-purchased apps"
        source={source}
        columns={columns}
        sort={sort}
        onSort={setSort}
        rowClass={(r) => (isLowStock(r) ? 'is-low-stock' : '')}
        empty={<ListEmpty what="apps" filtered={filtered} />}
        testId="apps-table"
      />
    </div>
  );
}
