/**
 * Users known to Apple for this location, with their VPP Terms Status: an
 * admin chasing pending invitations copies the link from here.
 */
import { useState } from 'react';
import { api } from '../api';
import { Button } from '../components/button';
import { DataTable, type Column } from '../components/data-table';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SearchInput } from '../components/search-input';
import { Segmented } from '../components/segmented';
import { useListControls } from '../hooks/use-list-controls';
import { usePagedRows } from '../hooks/use-paged-rows';
import { useTermsCounts } from '../hooks/use-terms-counts';
import { copyText } from '../lib/clipboard';
import { plural } from '../lib/format';
import { TERMS } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useHolderNav } from '../stores/holder-nav-store';
import { toast } from '../stores/toast-store';
import { ListEmpty } from './list-empty';
import type { TermsStatus, UserRow } from '../../shared/domain';

type TermsFilter = TermsStatus | 'all';

export function UsersPage() {
  const dataVersion = useAppStore((s) => s.dataVersion);
  const openHolder = useHolderNav((s) => s.openHolder);
  const { search, debouncedSearch, setSearch, sort, setSort } = useListControls('users', {
    by: 'clientUserId',
    dir: 'asc',
  });
  const [terms, setTerms] = useState<TermsFilter>('all');
  const counts = useTermsCounts(debouncedSearch, dataVersion);

  const source = usePagedRows(
    api.queryUsers,
    { search: debouncedSearch, sortBy: sort.by, sortDir: sort.dir, terms: terms === 'all' ? undefined : terms },
    dataVersion,
  );
  const filtered = debouncedSearch !== '' || terms !== 'all';

  const copy = async (row: UserRow) => {
    if (!row.inviteUrl) return;
    if (await copyText(row.inviteUrl)) toast.success(`Invitation link for ${row.email ?? row.clientUserId} copied.`);
    else toast.error('The link could not be copied. Select it from the exported list instead.');
  };

  const columns: Array<Column<UserRow>> = [
    {
      id: 'id',
      header: 'User ID',
      width: 180,
      grow: 2,
      sortKey: 'clientUserId',
      fit: (r) => r.clientUserId,
      mono: true,
      cell: (r) => (
        <button
          type="button"
          className="link-btn cell-main mono"
          title={`Apps ${r.clientUserId} holds`}
          onClick={() => openHolder({ clientUserId: r.clientUserId })}
        >
          {r.clientUserId}
        </button>
      ),
    },
    {
      id: 'email',
      header: 'Email',
      width: 220,
      grow: 2,
      sortKey: 'email',
      fit: (r) => r.email ?? 'No email',
      cell: (r) => (r.email ? <span title={r.email}>{r.email}</span> : <span className="muted">No email</span>),
    },
    {
      id: 'status',
      header: 'Apple status',
      width: 130,
      sortKey: 'status',
      priority: 'low',
      cell: (r) => r.status,
    },
    {
      id: 'terms',
      header: 'VPP Terms Status',
      width: 164,
      sortKey: 'termsStatus',
      cell: (r) => <Pill tone={TERMS[r.termsStatus].tone}>{TERMS[r.termsStatus].label}</Pill>,
    },
    {
      id: 'invite',
      header: 'Invitation',
      width: 190,
      cell: (r) =>
        r.termsStatus === 'pending' && r.inviteUrl ? (
          <Button
            size="sm"
            variant="ghost"
            icon="copy"
            onClick={() => void copy(r)}
            title={r.inviteUrl}
            aria-label={`Copy invitation link for ${r.email ?? r.clientUserId}`}
          >
            Copy invitation link
          </Button>
        ) : r.termsStatus === 'pending' ? (
          <span className="muted">No link from Apple yet</span>
        ) : null,
    },
  ];

  return (
    <div className="page page-list">
      <PageHeader
        title="Users"
        description="People registered with Apple for this location. A user gets a license only after accepting the VPP terms from their invitation."
      />
      <div className="toolbar">
        <SearchInput value={search} onChange={setSearch} placeholder="Search user ID or email" label="Search users" />
        <Segmented<TermsFilter>
          label="VPP Terms Status"
          value={terms}
          onChange={setTerms}
          segments={[
            { value: 'all', label: 'All', count: counts.all },
            { value: 'accepted', label: 'Accepted', count: counts.accepted },
            { value: 'pending', label: 'Pending', count: counts.pending },
            { value: 'not-invited', label: 'Not invited', count: counts['not-invited'] },
            { value: 'retired', label: 'Retired', count: counts.retired },
          ]}
        />
        <span className="toolbar-spacer" />
        <span className="count" aria-live="polite" data-testid="users-count">
          {source.total === null
            ? 'Loading…'
            : plural(source.total, filtered ? 'matching user' : 'user', filtered ? 'matching users' : 'users')}
        </span>
      </div>
      <DataTable
        label="Users"
        source={source}
        columns={columns}
        sort={sort}
        onSort={setSort}
        empty={<ListEmpty what="users" filtered={filtered} />}
        testId="users-table"
      />
    </div>
  );
}
