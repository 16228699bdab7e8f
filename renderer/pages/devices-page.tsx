/** Devices holding licenses by serial number, with how many apps each; a device opens its detail. */
import { api } from '../api';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';
import { SearchInput } from '../components/search-input';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { downloadText } from '../lib/download';
import { formatNumber, plural } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { useHolderNav } from '../stores/holder-nav-store';
import type { DeviceRow } from '../../shared/holders';

export function DevicesPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const openHolder = useHolderNav((s) => s.openHolder);
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('devices', {
    by: 'serialNumber',
    dir: 'asc',
  });
  const source = usePagedRows(
    api.queryDevices,
    { search: debouncedSearch, sortBy: sort.by, sortDir: sort.dir },
    dataVersion,
  );

  const columns: Array<Column<DeviceRow>> = [
    {
      id: 'serial',
      header: 'Serial number',
      width: 220,
      grow: 2,
      sortKey: 'serialNumber',
      cell: (r) => (
        <button type="button" className="link-btn mono" onClick={() => openHolder({ serialNumber: r.serialNumber })}>
          {r.serialNumber}
        </button>
      ),
    },
    {
      id: 'apps',
      header: 'Apps',
      width: 100,
      align: 'end',
      sortKey: 'apps',
      cell: (r) => <span className="num">{formatNumber(r.apps)}</span>,
    },
  ];

  return (
    <div className="page page-list">
      <PageHeader
        title="Devices"
        description="Devices holding licenses by serial number (device licensing), from Apple's assignments."
        actions={
          <Button
            icon="download"
            onClick={() => void api.exportHoldersCsv({ what: 'devices' }).then((o) => downloadText(o.fileName, o.csv))}
          >
            Export CSV
          </Button>
        }
      />
      <div className="toolbar">
        <SearchInput value={search} onChange={setSearch} placeholder="Search serial number" label="Search devices" />
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="devices-count">
          {source.total === null ? 'Loading…' : plural(source.total, 'device', 'devices')}
        </span>
      </div>
      <DataTable
        label="Devices"
        source={source}
        columns={columns}
        sort={sort}
        onSort={setSort}
        empty={
          <EmptyState icon="apps" title="No devices">
            No license is assigned to a serial number.
          </EmptyState>
        }
        testId="devices-table"
      />
    </div>
  );
}
