/**
 * What the tray says, as plain functions of the tray state, so the wording
 * is tested without a tray. No secrets: dates, counts and states only.
 */
import type { TrayState } from './core/app';
import type { MenuItemConstructorOptions } from 'electron';

export interface TrayView extends TrayState {
  /** The token's expiry date, when known (from token:status). */
  tokenExpiresAt: string | null;
}

export interface TrayActions {
  syncNow(): void;
  openWindow(): void;
  quit(): void;
}

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
const plural = (n: number, word: string) => `${n} ${word}${Math.abs(n) === 1 ? '' : 's'}`;

export function lastSyncedLabel(view: TrayView): string {
  return `Last synced: ${view.lastSyncAt ? when(view.lastSyncAt) : 'never'}`;
}

export function tokenLabel(view: TrayView): string {
  switch (view.tokenState) {
    case 'none':
      return 'No VPP token uploaded';
    case 'expired':
      return view.tokenExpiresAt ? `Token expired: ${day(view.tokenExpiresAt)}` : 'Token expired';
    case 'revoked':
      return 'Token revoked by Apple';
    case 'invalid':
      return 'Token invalid';
    default: {
      const days = view.tokenDaysLeft;
      if (view.tokenExpiresAt && days !== null)
        return `Token expires: ${day(view.tokenExpiresAt)} (${plural(days, 'day')})`;
      if (days !== null) return `Token expires in ${plural(days, 'day')}`;
      return 'Token expires: unknown';
    }
  }
}

/** "Low on licenses: Canva", "Low on licenses: 4 apps"; null when none is low. */
export function lowStockLabel(view: TrayView): string | null {
  const names = view.lowStock;
  if (names.length === 0) return null;
  return names.length === 1 ? `Low on licenses: ${names[0]}` : `Low on licenses: ${plural(names.length, 'app')}`;
}

/** Beside the macOS menu-bar icon: how many apps are low, or nothing. */
export function trayBadge(view: TrayView): string {
  return view.lowStock.length > 0 ? `⚠ ${view.lowStock.length}` : '';
}

export function syncLabel(view: TrayView): string {
  const p = view.progress;
  if (!p.running) return 'Sync now';
  return p.pagesTotal > 0 ? `Syncing ${p.phase}… (${p.pagesDone}/${p.pagesTotal})` : `Syncing ${p.phase}…`;
}

export function trayTooltip(view: TrayView): string {
  const p = view.progress;
  if (p.running) {
    const pages = p.pagesTotal > 0 ? `, ${p.pagesDone}/${p.pagesTotal} pages` : '';
    return `VPP Desk: syncing ${p.phase}${pages}`;
  }
  const low = lowStockLabel(view);
  return `VPP Desk\n${lastSyncedLabel(view)}\n${tokenLabel(view)}${low ? `\n${low}` : ''}`;
}

export function trayMenuTemplate(view: TrayView, actions: TrayActions): MenuItemConstructorOptions[] {
  const low = lowStockLabel(view);
  return [
    // Disabled while a sync runs: sync is single-flight, a second click would only error.
    {
      id: 'sync',
      label: syncLabel(view),
      enabled: !view.progress.running && view.tokenState !== 'none',
      click: () => actions.syncNow(),
    },
    { id: 'last-sync', label: lastSyncedLabel(view), enabled: false },
    { id: 'token', label: tokenLabel(view), enabled: false },
    // Clickable: the window's Overview lists each app with its rule and forecast.
    ...(low ? [{ id: 'low-stock', label: `⚠ ${low}`, click: () => actions.openWindow() }] : []),
    { type: 'separator' },
    { id: 'open', label: 'Open VPP Desk', click: () => actions.openWindow() },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ];
}
