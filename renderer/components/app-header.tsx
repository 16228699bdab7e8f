/** Top bar: which organisation this is, when it was last synced, the token, Sync now. */
import { formatDateTime, formatRelative } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { SyncControl } from './sync-control';
import { TokenChip } from './token-chip';

export function AppHeader() {
  const token = useAppStore((s) => s.token);
  const lastSyncAt = useAppStore((s) => s.sync?.lastSyncAt ?? s.token?.lastSyncAt ?? null);
  const nextSyncAt = useAppStore((s) => s.sync?.nextSyncAt ?? null);
  const hasToken = token !== null && token.state !== 'none';

  return (
    <header className="app-header">
      <div className="header-context">
        {hasToken ? (
          <>
            <span className="header-org">{token.orgName}</span>
            {token.locationName && token.locationName !== token.orgName ? (
              <span className="header-location">{token.locationName}</span>
            ) : null}
          </>
        ) : (
          <span className="header-org is-muted">No organisation connected</span>
        )}
      </div>
      <div className="header-facts">
        {hasToken ? (
          <span
            className="header-fact"
            title={
              lastSyncAt
                ? `Last synced ${formatDateTime(lastSyncAt)}${nextSyncAt ? `; next sync ${formatDateTime(nextSyncAt)}` : ''}`
                : undefined
            }
            data-testid="last-synced"
          >
            {lastSyncAt ? `Last synced ${formatRelative(lastSyncAt)}` : 'Never synced'}
          </span>
        ) : null}
        <TokenChip />
        <SyncControl />
      </div>
    </header>
  );
}
