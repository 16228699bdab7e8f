/**
 * The one app window: created with Electron's security defaults spelled out
 * (so a future Electron default change cannot loosen them), re-created on
 * demand after it is closed (tray, dock, second launch).
 */
import { BrowserWindow, type WebContents } from 'electron';
import { lockedWebPreferences } from './security';
import type { AppPaths } from './app-paths';

export const WINDOW_TITLE = 'VPP Desk';

export function createMainWindow(paths: Pick<AppPaths, 'preload' | 'rendererUrl' | 'windowIcon'>): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    icon: paths.windowIcon,
    backgroundColor: '#ffffff',
    // Shown on ready-to-show, so the admin never sees an empty white frame.
    show: false,
    webPreferences: { ...lockedWebPreferences(), preload: paths.preload },
  });
  win.once('ready-to-show', () => win.show());
  // app://, never file:// (app-protocol.ts): a real origin confined to dist/renderer.
  win.loadURL(paths.rendererUrl).catch((err: unknown) => {
    console.error('[window] could not load the renderer:', err);
  });
  return win;
}

/** Holds the current window, if any; `show` brings it (back) to the front. */
export class MainWindow {
  private win: BrowserWindow | null = null;

  constructor(private readonly paths: Pick<AppPaths, 'preload' | 'rendererUrl' | 'windowIcon'>) {}

  get(): BrowserWindow | null {
    return this.win && !this.win.isDestroyed() ? this.win : null;
  }

  webContents(): WebContents | null {
    const win = this.get();
    return win && !win.webContents.isDestroyed() ? win.webContents : null;
  }

  show(): BrowserWindow {
    const existing = this.get();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    const win = createMainWindow(this.paths);
    win.on('closed', () => {
      if (this.win === win) this.win = null;
    });
    this.win = win;
    return win;
  }
}
