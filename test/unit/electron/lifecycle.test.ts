import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { launch, type RunningApp } from '../../../electron/lifecycle';
import { CHANNELS } from '../../../shared/contract';
import { app, dialog, fakeElectron, ipcMain, protocol } from '../../fakes/electron';
import { stubCore, type StubCore } from './stub-core';
import type { CoreOptions } from '../../../electron/core/app/create-core';

const distDir = path.resolve('dist');

describe('app lifecycle', () => {
  let core: StubCore;
  let createCore: ReturnType<typeof vi.fn<(options: CoreOptions) => Promise<StubCore>>>;

  beforeEach(() => {
    fakeElectron.reset();
    core = stubCore();
    // Refusals are logged by design; keep the test output readable.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    createCore = vi.fn(async () => core);
  });

  const start = (env: NodeJS.ProcessEnv = {}, platform: NodeJS.Platform = 'linux') =>
    launch({ distDir, createCore, env, platform });

  it('quits at once, without building core, when another instance holds the lock', async () => {
    app.singleInstanceLock = false;
    await expect(start()).resolves.toBeNull();
    expect(app.quit).toHaveBeenCalled();
    expect(createCore).not.toHaveBeenCalled();
    expect(fakeElectron.windows).toHaveLength(0);
  });

  it('builds core for Electron with the data folder from the environment or userData', async () => {
    app.version = '1.2.3';
    await start({ VPP_DESK_HOME: '/tmp/vpp-home', VPP_DESK_KEYCHAIN_SERVICE: 'vpp-desk-test' });
    expect(createCore).toHaveBeenCalledWith({
      config: expect.objectContaining({ dataDir: path.resolve('/tmp/vpp-home'), keychainService: 'vpp-desk-test' }),
      transport: 'electron',
      version: '1.2.3',
    });
    fakeElectron.reset();
    await start({});
    expect(createCore.mock.calls[1]?.[0].config.dataDir).toBe('/fake/user-data');
  });

  it('wires IPC before the window, then window, tray, permissions and core.start', async () => {
    let handlersAtWindow = -1;
    app.on('web-contents-created', () => (handlersAtWindow = ipcMain.handlers.size));
    const running = await start();
    // Every contract channel and the desktop-only Save as PDF.
    expect(handlersAtWindow).toBe(CHANNELS.length + 1);
    expect(fakeElectron.windows).toHaveLength(1);
    expect(fakeElectron.lastWindow().loadedUrl).toBe('app://vpp-desk/index.html');
    // app:// registered as privileged before ready (the fake throws otherwise) and handled once ready.
    expect(fakeElectron.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
    expect(protocol.isProtocolHandled('app')).toBe(true);
    expect(fakeElectron.trays).toHaveLength(1);
    expect(fakeElectron.permissionRequestHandler).not.toBeNull();
    expect(fakeElectron.applicationMenu.set).toBe(true);
    expect(running?.tray).not.toBeNull();
    expect(core.start).toHaveBeenCalledTimes(1);
  });

  it('applies security to the window it creates', async () => {
    await start();
    const contents = fakeElectron.lastWindow().webContents;
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.navigate('https://evil.example/').defaultPrevented).toBe(true);
  });

  it('forwards core events to the window and shows notices', async () => {
    await start();
    core.events.emit('sync:progress', { running: true, phase: 'users', pagesDone: 1, pagesTotal: 4 });
    core.events.emit('state:changed', { reason: 'deployments' });
    core.events.emit('notify', { title: 'Licenses low', body: 'Pages has 2 licenses left.' });
    expect(fakeElectron.lastWindow().webContents.sent.map((s) => s.channel)).toEqual([
      'vpp:event:sync:progress',
      'vpp:event:state:changed',
    ]);
    expect(fakeElectron.notifications.map((n) => n.options.title)).toEqual(['Licenses low']);
  });

  it('focuses the existing window when a second instance starts', async () => {
    const running = (await start()) as RunningApp;
    const win = fakeElectron.lastWindow();
    win.minimize();
    win.focused = false;
    app.emit('second-instance', {}, [], '/');
    expect(win.isMinimized()).toBe(false);
    expect(win.focused).toBe(true);
    expect(fakeElectron.windows).toHaveLength(1);
    expect(running.window.get()).toBe(win as unknown);
  });

  it('re-creates the window on macOS activate and keeps running in the tray', async () => {
    await start({}, 'darwin');
    fakeElectron.lastWindow().close();
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('activate');
    expect(fakeElectron.windows).toHaveLength(2);
  });

  it('stops core before quitting, once', async () => {
    let release = () => {};
    core.stop.mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    await start();
    app.quit();
    expect(app.quitted).toBe(false);
    app.quit();
    expect(core.stop).toHaveBeenCalledTimes(1);
    expect(fakeElectron.lastTray().isDestroyed()).toBe(true);
    release();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
  });

  it('explains and exits when core cannot start', async () => {
    createCore.mockRejectedValueOnce(new Error('The cache folder is not writable.'));
    await expect(start()).resolves.toBeNull();
    expect(dialog.showErrorBox).toHaveBeenCalledWith('VPP Desk could not start', 'The cache folder is not writable.');
    expect(app.exitCode).toBe(1);
    expect(fakeElectron.windows).toHaveLength(0);
  });

  it('gives Windows notifications an app id', async () => {
    await start({}, 'win32');
    expect(app.setAppUserModelId).toHaveBeenCalledWith('com.vppdesk.app');
  });
});
