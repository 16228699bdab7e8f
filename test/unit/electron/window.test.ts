import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { createMainWindow, MainWindow, WINDOW_TITLE } from '../../../electron/window';
import { fakeElectron } from '../../fakes/electron';

const paths = appPaths(path.resolve('dist'));

describe('main window', () => {
  beforeEach(() => fakeElectron.reset());

  it('is created with the security defaults spelled out', () => {
    createMainWindow(paths);
    const prefs = fakeElectron.lastWindow().options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A file dropped on the window must not replace the app with that file.
      navigateOnDragDrop: false,
      preload: paths.preload,
    });
  });

  it('loads the built renderer and shows only when ready', () => {
    createMainWindow(paths);
    const win = fakeElectron.lastWindow();
    expect(win.options.title).toBe(WINDOW_TITLE);
    expect(win.options.minWidth).toBeGreaterThan(0);
    // The custom scheme, never file://.
    expect(win.loadedUrl).toBe('app://vpp-desk/index.html');
    expect(win.loadedFile).toBeNull();
    expect(win.webContents.getURL()).toBe(paths.rendererUrl);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('reuses the open window and re-creates it after close', () => {
    const holder = new MainWindow(paths);
    const first = holder.show();
    expect(holder.show()).toBe(first);
    expect(fakeElectron.windows).toHaveLength(1);
    fakeElectron.lastWindow().close();
    expect(holder.get()).toBeNull();
    expect(holder.webContents()).toBeNull();
    holder.show();
    expect(fakeElectron.windows).toHaveLength(2);
  });

  it('restores a minimised window instead of opening another', () => {
    const holder = new MainWindow(paths);
    holder.show();
    const win = fakeElectron.lastWindow();
    win.minimize();
    holder.show();
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);
  });
});
