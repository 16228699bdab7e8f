/**
 * The audit log: one entry per license change per user or device, per token
 * event and per sync, each with its source and the OS user who acted.
 * Filters by user, app, kind, source and time; the CSV holds what is shown.
 */
import { useState } from 'react';
import { api, messageOf } from '../api';
import { AppPicker } from '../components/app-picker';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { SelectFilter } from '../components/select-filter';
import { useDebounced } from '../hooks/use-debounced';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { activityCsv } from '../lib/activity-csv';
import {
  activityFilterQuery,
  hasActivityFilters,
  NO_ACTIVITY_FILTERS,
  TIME_RANGES,
  type ActivityFilters,
  type TimeRange,
} from '../lib/activity-filters';
import { downloadText } from '../lib/download';
import { formatDateTime, plural } from '../lib/format';
import { ACTIVITY_KIND, ACTIVITY_SOURCE } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { toast } from '../stores/toast-store';
import { ListEmpty } from './list-empty';
import type { ActivityEntry, ActivityKind, ActivitySource } from '../../shared/domain';
import type { PickedApp } from '../lib/selection-types';

const KIND_OPTIONS = (Object.keys(ACTIVITY_KIND) as ActivityKind[]).map((value) => ({
  value,
  label: ACTIVITY_KIND[value].label,
}));
const SOURCE_OPTIONS = (Object.keys(ACTIVITY_SOURCE) as ActivitySource[]).map((value) => ({
  value,
  label: ACTIVITY_SOURCE[value],
}));
const RANGE_OPTIONS = TIME_RANGES.filter((r) => r.value !== 'all').map(({ value, label }) => ({ value, label }));

const COLUMNS: Array<Column<ActivityEntry>> = [
  {
    id: 'at',
    header: 'Time',
    width: 170,
    sortKey: 'at',
    cell: (r) => <span className="num">{formatDateTime(r.at)}</span>,
  },
  {
    id: 'kind',
    header: 'Kind',
    width: 150,
    sortKey: 'kind',
    cell: (r) => <Pill tone={ACTIVITY_KIND[r.kind].tone}>{ACTIVITY_KIND[r.kind].label}</Pill>,
  },
  {
    id: 'source',
    header: 'Source',
    width: 120,
    sortKey: 'source',
    priority: 'low',
    cell: (r) => (
      <span className="cell-text" title={r.actor ? `${ACTIVITY_SOURCE[r.source]}, by ${r.actor}` : undefined}>
        {ACTIVITY_SOURCE[r.source]}
        {r.actor ? <span className="muted"> · {r.actor}</span> : null}
      </span>
    ),
  },
  {
    id: 'who',
    header: 'User or device',
    width: 150,
    fit: (r) => r.clientUserId ?? r.serialNumber ?? '—',
    mono: true,
    cell: (r) => <span className="cell-text mono">{r.clientUserId ?? r.serialNumber ?? '—'}</span>,
  },
  {
    id: 'message',
    header: 'Message',
    width: 320,
    grow: 1,
    cell: (r) => (
      <span className="cell-text" title={r.message}>
        {r.message}
      </span>
    ),
  },
];

export function ActivityPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('activity', { by: 'at', dir: 'desc' });
  const [filters, setFilters] = useState<ActivityFilters>(NO_ACTIVITY_FILTERS);
  const [app, setApp] = useState<PickedApp | null>(null);
  // A time range counts back from when it was picked, so the query stays the same between renders.
  const [rangeFrom, setRangeFrom] = useState(() => Date.now());
  const [exporting, setExporting] = useState(false);
  const user = useDebounced(filters.user.trim(), 250);
  const set = (patch: Partial<ActivityFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const query = {
    search: debouncedSearch,
    sortBy: sort.by,
    sortDir: sort.dir,
    ...activityFilterQuery({ ...filters, user }, rangeFrom),
  };
  const source = usePagedRows(api.queryActivity, query, dataVersion);
  const filtered = debouncedSearch !== '' || hasActivityFilters(filters);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { fileName, csv, count } = await activityCsv(query);
      downloadText(fileName, csv);
      toast.success(`Exported ${plural(count, 'entry', 'entries')} to ${fileName}.`);
    } catch (err) {
      toast.error(messageOf(err));
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="page page-list">
      <PageHeader
        title="Activity"
        description="Who got or lost which license, when, and who did it: tokens, syncs, licenses assigned, failed, reclaimed and revoked, low-stock alerts. The newest 20,000 entries are kept."
        actions={
          <Button icon="download" busy={exporting} disabled={source.total === 0} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        }
      />
      <div className="toolbar toolbar-wrap">
        <SearchInput value={search} onChange={setSearch} placeholder="Search messages" label="Search activity" />
        <label className={`filter${filters.user.trim() ? ' is-active' : ''}`}>
          <span className="filter-label">User</span>
          <input
            className="input filter-input"
            value={filters.user}
            placeholder="Client user id"
            aria-label="User (client user id)"
            maxLength={256}
            onChange={(e) => set({ user: e.target.value })}
          />
        </label>
        <AppPicker
          label="App"
          compact
          value={app}
          onChange={(picked) => {
            setApp(picked);
            set({ app: picked?.adamId ?? '' });
          }}
          placeholder="Filter by app…"
        />
        <SelectFilter
          label="Kind"
          value={filters.kind}
          options={KIND_OPTIONS}
          anyLabel="All"
          onChange={(kind) => set({ kind })}
        />
        <SelectFilter
          label="Source"
          value={filters.source}
          options={SOURCE_OPTIONS}
          anyLabel="All"
          onChange={(value) => set({ source: value })}
        />
        <SelectFilter<TimeRange>
          label="Time"
          value={filters.range === 'all' ? '' : filters.range}
          options={RANGE_OPTIONS}
          anyLabel="Any time"
          onChange={(range) => {
            setRangeFrom(Date.now());
            set({ range: range || 'all' });
          }}
        />
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="activity-count">
          {source.total === null
            ? 'Loading…'
            : plural(source.total, filtered ? 'matching entry' : 'entry', filtered ? 'matching entries' : 'entries')}
        </span>
        {filtered ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch('');
              setApp(null);
              setFilters(NO_ACTIVITY_FILTERS);
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </div>
      <DataTable
        label="Activity"
        source={source}
        columns={COLUMNS}
        sort={sort}
        onSort={setSort}
        empty={<ListEmpty what="activity" filtered={filtered} />}
        testId="activity-table"
      />
    </div>
  );
}
