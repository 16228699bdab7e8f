/**
 * The app's life, wired once: single-instance lock, security before any
 * window, core built by the composition root, IPC bound before the page can
 * call it, then window, tray and notifications. core is passed in (main.ts
 * gives the real createCore) so this wiring is tested on a stub core.
 */
import { app, dialog, session } from 'electron';
import { appPaths } from './app-paths';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { logCoreEvents, openLog, resolveConfig } from './core/app';
import { exportDiagnosticsFromMenu } from './diagnostics-export';
import { forwardEvents } from './forward-events';
import { registerDesktopIpc, registerIpc } from './ipc';
import { applyAppMenu } from './menu';
import { createNotifier } from './notifications';
import { applyAppSecurity, restrictPermissions } from './security';
import { createTray, type AppTray } from './tray';
import { MainWindow } from './window';
import type { CoreOptions, Core } from './core/app';

export const APP_ID = 'com.vppdesk.app';
/** How long quitting waits for core to flush before giving up. */
const STOP_TIMEOUT_MS = 5_000;

export interface LaunchOptions {
  /** The folder holding dist/main.cjs (its __dirname). */
  distDir: string;
  createCore(options: CoreOptions): Promise<Core>;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export interface RunningApp {
  core: Core;
  window: MainWindow;
  tray: AppTray | null;
}

export async function launch(options: LaunchOptions): Promise<RunningApp | null> {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  // Scheme privileges are fixed when Chromium starts: before app is ready.
  registerAppScheme();

  // A second copy would fight the first over the cache file and the schedule.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }

  const paths = appPaths(options.distDir, platform);
  applyAppSecurity(paths.rendererUrl);
  const window = new MainWindow(paths);
  let started = false;
  // Before start-up finishes the first window is on its way anyway.
  app.on('second-instance', () => {
    if (started) window.show();
  });
  // Windows shows notifications only for an app with a user model id.
  if (platform === 'win32') app.setAppUserModelId(APP_ID);

  await app.whenReady();
  restrictPermissions(session.defaultSession);
  serveRenderer(paths.rendererDir);

  let core: Core;
  const config = resolveConfig(env, app.getPath('userData'));
  const log = openLog(config, 'electron');
  try {
    core = await options.createCore({ config, transport: 'electron', version: app.getVersion() });
  } catch (err) {
    log.error('could not start:', err);
    dialog.showErrorBox('VPP Desk could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return null;
  }
  log.info(`VPP Desk ${app.getVersion()} started (Electron ${process.versions.electron ?? '?'}, ${platform})`);
  logCoreEvents(core.events, log);
  const handlers = core.handlers;
  applyAppMenu(platform, {
    exportDiagnostics: () =>
      void exportDiagnosticsFromMenu({ handlers, config, version: app.getVersion() }).then((file) => {
        if (file) log.info('diagnostics exported');
      }),
  });

  const trusted = { webContents: () => window.webContents(), rendererUrl: paths.rendererUrl };
  registerIpc(core.handlers, trusted);
  registerDesktopIpc(core.handlers, trusted);
  forwardEvents(core.events, () => window.webContents());
  const notify = createNotifier(() => window.show());
  core.events.on('notify', notify);

  window.show();
  started = true;
  const tray = startTray(core, {
    icon: paths.trayIcon,
    openWindow: () => window.show(),
    quit: () => app.quit(),
    notify,
    platform,
  });

  // macOS: clicking the dock icon brings the window back.
  app.on('activate', () => window.show());
  // With a tray the app keeps running when the window closes, so the
  // twice-daily sync still happens; "Quit" in the tray ends it.
  app.on('window-all-closed', () => {
    if (!tray && platform !== 'darwin') app.quit();
  });
  stopCoreBeforeQuit(core, tray);

  core.start().catch((err: unknown) => {
    log.error('core start failed:', err);
    console.error('[core] start failed:', err);
  });
  return { core, window, tray };
}

function startTray(core: Core, options: Parameters<typeof createTray>[1]): AppTray | null {
  try {
    return createTray(core, options);
  } catch (err) {
    // Some Linux desktops have no tray; the window still works without it.
    console.warn('[tray] not available:', err);
    return null;
  }
}

/** Holds the quit until core has stopped its timers and flushed the cache. */
function stopCoreBeforeQuit(core: Core, tray: AppTray | null): void {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'stopped') return;
    event.preventDefault();
    if (phase === 'stopping') return;
    phase = 'stopping';
    tray?.destroy();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    Promise.race([core.stop(), timeout])
      .catch((err: unknown) => console.error('[core] stop failed:', err))
      .finally(() => {
        phase = 'stopped';
        app.quit();
      });
  });
}
