/** The activity log: token uploads and renewals, syncs, deployments, licenses, failures. */
import { useState } from 'react';
import { api, messageOf } from '../api';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { SelectFilter } from '../components/select-filter';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { activityCsv } from '../lib/activity-csv';
import { downloadText } from '../lib/download';
import { formatDateTime, plural } from '../lib/format';
import { ACTIVITY_KIND } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { toast } from '../stores/toast-store';
import { ListEmpty } from './list-empty';
import type { ActivityEntry, ActivityKind } from '../../shared/domain';

const KIND_OPTIONS = (Object.keys(ACTIVITY_KIND) as ActivityKind[]).map((value) => ({
  value,
  label: ACTIVITY_KIND[value].label,
}));

const COLUMNS: Array<Column<ActivityEntry>> = [
  {
    id: 'at',
    header: 'Time',
    width: 190,
    sortKey: 'at',
    cell: (r) => <span className="num">{formatDateTime(r.at)}</span>,
  },
  {
    id: 'kind',
    header: 'Kind',
    width: 170,
    sortKey: 'kind',
    cell: (r) => <Pill tone={ACTIVITY_KIND[r.kind].tone}>{ACTIVITY_KIND[r.kind].label}</Pill>,
  },
  {
    id: 'message',
    header: 'Message',
    width: 360,
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
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [exporting, setExporting] = useState(false);

  const query = { search: debouncedSearch, sortBy: sort.by, sortDir: sort.dir, kind: kind || undefined };
  const source = usePagedRows(api.queryActivity, query, dataVersion);
  const filtered = debouncedSearch !== '' || kind !== '';

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
        description="What VPP Desk did and when: tokens, syncs, deployments, licenses assigned and reclaimed, failures."
        actions={
          <Button icon="download" busy={exporting} disabled={source.total === 0} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        }
      />
      <div className="toolbar">
        <SearchInput value={search} onChange={setSearch} placeholder="Search messages" label="Search activity" />
        <SelectFilter label="Kind" value={kind} options={KIND_OPTIONS} anyLabel="All kinds" onChange={setKind} />
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite">
          {source.total === null
            ? 'Loading…'
            : plural(source.total, filtered ? 'matching entry' : 'entry', filtered ? 'matching entries' : 'entries')}
        </span>
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
