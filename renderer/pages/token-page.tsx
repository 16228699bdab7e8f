/**
 * The token: which organisation and location this install is bound to, who
 * uploaded it, when it expires. A new admin lands here and is led to upload.
 */
import { useState, type ReactNode } from 'react';
import { api } from '../api';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Icon } from '../components/icons';
import { PageHeader } from '../components/page-header';
import { Pill } from '../components/pill';
import { SyncScheduleCard } from '../components/sync-schedule-card';
import { appleBlockedReason, syncBlockedReason } from '../lib/capabilities';
import { formatDate, formatDateTime, formatDaysLeft, formatRelative } from '../lib/format';
import { TOKEN_STATE } from '../lib/labels';
import { useAppStore } from '../stores/app-store';
import { useDialogStore } from '../stores/dialog-store';
import { toast } from '../stores/toast-store';
import { Welcome } from './welcome';

export function TokenPage() {
  const token = useAppStore((s) => s.token);
  const info = useAppStore((s) => s.info);
  const refresh = useAppStore((s) => s.refresh);
  const openUpload = useDialogStore((s) => s.openUpload);
  const [confirmRemove, setConfirmRemove] = useState(false);

  if (!token || token.state === 'none') return <Welcome />;

  const offline = info !== null && !info.online;
  const uploadBlocked = offline ? appleBlockedReason(info, token) : null;
  const state = TOKEN_STATE[token.state];
  const daysTone = token.state === 'valid' ? 'success' : token.state === 'expiring' ? 'warning' : 'danger';
  const usable = token.state === 'valid' || token.state === 'expiring';

  const remove = async () => {
    await api.removeToken();
    await refresh();
    toast.success('The token was removed from this computer.');
  };

  return (
    <div className="page">
      <PageHeader
        title="VPP token"
        description="The server token that lets VPP Desk manage this location's volume-purchased licenses. It is kept in the system keychain and never shown."
        actions={
          <>
            <Button variant="danger" icon="trash" onClick={() => setConfirmRemove(true)}>
              Remove token
            </Button>
            <Button variant="primary" icon="upload" blockedReason={uploadBlocked} onClick={openUpload}>
              {usable ? 'Upload renewal' : 'Upload new token'}
            </Button>
          </>
        }
      />

      <section className="card token-card" aria-labelledby="token-summary-title">
        <div className="token-summary">
          <span className="token-icon">
            <Icon name="token" size={26} />
          </span>
          <div className="token-summary-text">
            <h2 id="token-summary-title" className="token-org" data-testid="token-org">
              {token.orgName}
            </h2>
            <div className="token-location" data-testid="token-location">
              {token.locationName}
              {token.countryCode ? <span className="muted"> · {token.countryCode}</span> : null}
            </div>
          </div>
          <Pill tone={state.tone}>{state.label}</Pill>
        </div>

        <dl className="facts" data-testid="token-facts">
          <Fact label="Organisation">{token.orgName}</Fact>
          <Fact label="Location" testId="fact-location">
            {token.locationName}
          </Fact>
          <Fact label="Apple ID" testId="fact-apple-id">
            {token.appleId}
          </Fact>
          <Fact label="Label" testId="fact-label">
            {token.label || <span className="muted">No label</span>}
          </Fact>
          <Fact label="Expires" testId="fact-expires">
            <span>{formatDate(token.expiresAt)}</span>{' '}
            {/* Days left mean nothing once Apple has revoked or refused the token. */}
            {usable || token.state === 'expired' ? (
              <Pill tone={daysTone}>
                <span data-testid="days-left">{formatDaysLeft(token.daysLeft)}</span>
              </Pill>
            ) : (
              <span className="muted">no longer usable</span>
            )}
          </Fact>
          <Fact label="Last updated" testId="fact-updated">
            <span title={formatDateTime(token.lastUpdatedAt)}>{formatDateTime(token.lastUpdatedAt)}</span>
          </Fact>
          <Fact label="Last synced" testId="fact-synced">
            {token.lastSyncAt ? (
              <span title={formatDateTime(token.lastSyncAt)}>
                {formatDateTime(token.lastSyncAt)} <span className="muted">({formatRelative(token.lastSyncAt)})</span>
              </span>
            ) : (
              <span className="muted">Not synced yet</span>
            )}
          </Fact>
          <Fact label="Account ID (uId)">
            <code>{token.uId}</code>
          </Fact>
        </dl>
      </section>

      {!token.lastSyncAt && usable ? <NextStep /> : null}

      <SyncScheduleCard />

      <section className="card note-card">
        <h2 className="card-title">About this token</h2>
        <ul className="note-list">
          <li>
            This install is bound to one Apple account and location. A renewal must be a token of the same location.
          </li>
          <li>
            Apple tokens last one year. VPP Desk warns you 30 days before expiry; renew by downloading a new token in
            Apple Business Manager (Preferences › Payments and Billing) and uploading it here.
          </li>
          <li>Make sure more than one person in your team knows the Apple ID that manages these licenses.</li>
        </ul>
      </section>

      {confirmRemove ? (
        <ConfirmDialog
          title="Remove the VPP token?"
          confirmLabel="Remove token"
          danger
          onConfirm={remove}
          onClose={() => setConfirmRemove(false)}
        >
          <p>
            VPP Desk will stop syncing and deploying for <strong>{token.locationName}</strong> on this computer.
            Licenses already assigned stay assigned at Apple, and the cached data stays readable.
          </p>
          <p>This install stays bound to the same Apple account: to reconnect, upload a token of the same location.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/** After the first upload: the one thing left to do before the other pages fill. */
function NextStep() {
  const token = useAppStore((s) => s.token);
  const syncNow = useAppStore((s) => s.syncNow);
  const running = useAppStore((s) => s.syncRequested || (s.progress?.running ?? false));
  return (
    <section className="card next-step" aria-label="Next step">
      <Icon name="sync" size={22} />
      <div>
        <strong>Next: import your licenses.</strong> Sync now to fetch your apps, licenses and users from Apple. After
        that VPP Desk syncs twice a day by itself.
      </div>
      <Button
        variant="primary"
        icon="sync"
        busy={running}
        blockedReason={running ? null : syncBlockedReason(token)}
        onClick={() => void syncNow()}
      >
        Sync now
      </Button>
    </section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
