/**
 * Page-wide messages in order of urgency: token problems (each saying what to
 * do), offline, a paused schedule, a failed Sync now, apps running low on
 * licenses, and core's notices
 * (such as a cache that was set aside).
 */
import { useState } from 'react';
import { useLowStockAlerts } from '../hooks/use-low-stock';
import { formatDate, formatDateTime, plural } from '../lib/format';
import { useAppStore } from '../stores/app-store';
import { useDialogStore } from '../stores/dialog-store';
import { Banner } from './banner';
import { Button } from './button';
import { LowStockBanner } from './low-stock-banner';

const NEW_TOKEN_STEPS =
  'In Apple Business Manager (or Apple School Manager), open Preferences › Payments and Billing, download a new server token, and upload it here.';

export function Banners() {
  const token = useAppStore((s) => s.token);
  const info = useAppStore((s) => s.info);
  const paused = useAppStore((s) => s.sync?.paused ?? null);
  const syncError = useAppStore((s) => s.syncError);
  const clearSyncError = useAppStore((s) => s.clearSyncError);
  const openUpload = useDialogStore((s) => s.openUpload);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  useLowStockAlerts();

  const uploadButton = (
    <Button size="sm" variant="primary" icon="upload" onClick={openUpload}>
      Upload new token
    </Button>
  );
  const state = token?.state ?? 'none';
  const tokenBlocks = state === 'expired' || state === 'revoked' || state === 'invalid';
  const tokenBanner = (() => {
    switch (state) {
      case 'expiring':
        return (
          <Banner
            tone="warning"
            title={`The VPP token expires in ${plural(token?.daysLeft ?? 0, 'day', 'days')} (${formatDate(token?.expiresAt)}).`}
            actions={uploadButton}
            testId="banner-token"
          >
            Renew it before then so syncing and deployments keep working. {NEW_TOKEN_STEPS}
          </Banner>
        );
      case 'expired':
        return (
          <Banner
            tone="danger"
            title={`The VPP token expired on ${formatDate(token?.expiresAt)}.`}
            actions={uploadButton}
            testId="banner-token"
          >
            VPP Desk cannot sync or deploy until you upload a new one. {NEW_TOKEN_STEPS}
          </Banner>
        );
      case 'revoked':
        return (
          <Banner tone="danger" title="Apple has revoked the VPP token." actions={uploadButton} testId="banner-token">
            This happens when a new token is downloaded or the token is reset in Apple Business Manager.{' '}
            {NEW_TOKEN_STEPS}
          </Banner>
        );
      case 'invalid':
        return (
          <Banner
            tone="danger"
            title="Apple says the VPP token is invalid."
            actions={uploadButton}
            testId="banner-token"
          >
            {NEW_TOKEN_STEPS}
          </Banner>
        );
      default:
        return null;
    }
  })();

  const notices = (info?.notices ?? []).filter((n) => !dismissed.has(n));
  const dismiss = (notice: string) => setDismissed((prev) => new Set([...prev, notice]));

  return (
    <div className="banners">
      {tokenBanner}
      {info && !info.online ? (
        <Banner
          tone="offline"
          title={`Offline: data as of ${info.dataAsOf ? formatDateTime(info.dataAsOf) : 'the last sync'}.`}
          testId="banner-offline"
        >
          Everything here is readable from the local cache. Deploying, retrying and uploading a token need Apple and
          wait until it answers again; Sync now tries to reconnect.
        </Banner>
      ) : null}
      {paused && !tokenBanner ? (
        <Banner tone="warning" title="Scheduled syncs are paused." testId="banner-paused">
          {paused}
        </Banner>
      ) : null}
      {/* A token banner already says what to do; the sync error would only repeat it. */}
      {syncError && !tokenBlocks ? (
        <Banner tone="danger" title="Sync failed." onDismiss={clearSyncError} testId="banner-sync-error">
          {syncError} The cached data is unchanged.
        </Banner>
      ) : null}
      <LowStockBanner />
      {notices.map((notice) => (
        <Banner key={notice} tone="info" title="Notice" onDismiss={() => dismiss(notice)} testId="banner-notice">
          {notice}
        </Banner>
      ))}
    </div>
  );
}
