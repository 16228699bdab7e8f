/**
 * What an empty list says: upload a token, run a first sync, or loosen the
 * filters: whichever is the reason it is empty.
 */
import { Button } from '../components/button';
import { EmptyState } from '../components/empty-state';
import { syncBlockedReason } from '../lib/capabilities';
import { useAppStore } from '../stores/app-store';
import { useDialogStore } from '../stores/dialog-store';
import type { IconName } from '../components/icons';
import type { ReactNode } from 'react';

const ICONS: Record<string, IconName> = { apps: 'apps', users: 'users', deployments: 'deploy', activity: 'activity' };

export function ListEmpty({
  what,
  filtered,
  children,
}: {
  what: 'apps' | 'users' | 'deployments' | 'activity';
  filtered: boolean;
  children?: ReactNode;
}) {
  const token = useAppStore((s) => s.token);
  const lastSyncAt = useAppStore((s) => s.sync?.lastSyncAt ?? null);
  const syncNow = useAppStore((s) => s.syncNow);
  const running = useAppStore((s) => s.syncRequested || (s.progress?.running ?? false));
  const openUpload = useDialogStore((s) => s.openUpload);
  const icon = ICONS[what] ?? 'info';

  if (filtered) {
    return (
      <EmptyState icon="search" title={`No ${what} match`}>
        Try another search or clear the filters.
      </EmptyState>
    );
  }
  if (!token || token.state === 'none') {
    return (
      <EmptyState
        icon={icon}
        title="No token yet"
        actions={
          <Button variant="primary" icon="upload" onClick={openUpload}>
            Upload token
          </Button>
        }
      >
        Upload your VPP token, then sync to see your {what} here.
      </EmptyState>
    );
  }
  if (!lastSyncAt && what !== 'activity' && what !== 'deployments') {
    return (
      <EmptyState
        icon={icon}
        title="Not synced yet"
        actions={
          <Button
            variant="primary"
            icon="sync"
            busy={running}
            blockedReason={running ? null : syncBlockedReason(token)}
            onClick={() => void syncNow()}
          >
            Sync now
          </Button>
        }
      >
        Run a first sync to import your {what} from Apple.
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={icon} title={`No ${what} yet`}>
      {children}
    </EmptyState>
  );
}
