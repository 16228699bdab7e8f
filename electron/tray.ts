/**
 * The tray icon: sync at a glance and "Sync now" without opening the window.
 * Reads core.trayState() (plus the token's expiry date) on start and on
 * every state change; sync progress updates the tooltip live.
 */
import { Menu, Tray, nativeImage } from 'electron';
import { dispatch } from './core/app';
import { trayBadge, trayMenuTemplate, trayTooltip, type TrayView } from './tray-view';
import type { Core, Unsubscribe } from './core/app';
import type { Notify } from './notifications';

export interface AppTray {
  /** Re-reads state from core and redraws; resolves when drawn. */
  refresh(): Promise<void>;
  destroy(): void;
}

export interface TrayOptions {
  icon: string;
  openWindow(): void;
  quit(): void;
  notify: Notify;
  platform?: NodeJS.Platform;
}

export function createTray(core: Core, options: TrayOptions): AppTray {
  const tray = new Tray(nativeImage.createFromPath(options.icon));
  let view: TrayView | null = null;
  let disposed = false;

  const isMac = (options.platform ?? process.platform) === 'darwin';

  const draw = () => {
    if (!view || disposed) return;
    tray.setToolTip(trayTooltip(view));
    // The badge: macOS shows text beside the menu-bar icon; elsewhere the menu line and tooltip carry it.
    if (isMac) tray.setTitle(trayBadge(view));
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(view, actions)));
  };

  const refresh = async () => {
    try {
      const [state, tokenExpiresAt] = await Promise.all([
        core.trayState(),
        // Only the date is wanted; without it the tray still shows days left.
        core.handlers['token:status']({}).then(
          (status) => status.expiresAt,
          () => null,
        ),
      ]);
      view = { ...state, tokenExpiresAt };
      draw();
    } catch (err) {
      console.warn('[tray] could not read state:', err);
    }
  };

  const syncNow = () => {
    // Through dispatch, like every other caller, so errors come back as an
    // Envelope with the admin-facing sentence.
    void dispatch(core.handlers, 'sync:now', { full: false, from: 'tray' }).then((result) => {
      if (!result.ok) options.notify({ title: 'Sync failed', body: result.error.message });
      return refresh();
    });
  };

  const actions = { syncNow, openWindow: options.openWindow, quit: options.quit };

  const subscriptions: Unsubscribe[] = [
    core.events.on('sync:progress', (progress) => {
      if (!view) return;
      const finished = view.progress.running && !progress.running;
      view = { ...view, progress };
      draw();
      if (finished) void refresh();
    }),
    core.events.on('state:changed', () => void refresh()),
  ];

  // macOS opens the menu on click by itself; elsewhere a click opens the window.
  if (!isMac) tray.on('click', () => options.openWindow());
  tray.setToolTip('VPP Desk');
  void refresh();

  return {
    refresh,
    destroy: () => {
      disposed = true;
      subscriptions.forEach((off) => off());
      tray.destroy();
    },
  };
}
