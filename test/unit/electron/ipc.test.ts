import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { FORBIDDEN, registerIpc } from '../../../electron/ipc';
import { MainWindow } from '../../../electron/window';
import { CHANNELS, IPC_PREFIX } from '../../../shared/contract';
import {
  BrowserWindow,
  FakeWebFrameMain,
  fakeElectron,
  ipcMain,
  type FakeIpcMainInvokeEvent,
} from '../../fakes/electron';
import { stubCore, TOKEN_STATUS, type StubCore } from './stub-core';

const paths = appPaths(path.resolve('dist'));

describe('IPC binding', () => {
  let core: StubCore;
  let window: MainWindow;
  let ours: FakeIpcMainInvokeEvent;

  beforeEach(() => {
    fakeElectron.reset();
    core = stubCore();
    // Refusals are logged by design; keep the test output readable.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    window = new MainWindow(paths);
    window.show();
    registerIpc(core.handlers, { webContents: () => window.webContents(), rendererUrl: paths.rendererUrl });
    const contents = fakeElectron.lastWindow().webContents;
    ours = { sender: contents, senderFrame: contents.mainFrame };
  });

  const anyHandlerCalled = () => Object.values(core.handlers).some((h) => h.mock.calls.length > 0);

  it('registers every contract channel under the vpp: prefix, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(CHANNELS.map((c) => IPC_PREFIX + c).sort());
  });

  it('runs a valid call from our window through to core', async () => {
    await expect(ipcMain.invoke('vpp:token:status', ours, {})).resolves.toEqual({ ok: true, value: TOKEN_STATUS });
    expect(core.handlers['token:status']).toHaveBeenCalledTimes(1);
  });

  it('refuses a subframe of our window without calling core', async () => {
    const sub = new FakeWebFrameMain(paths.rendererUrl);
    await expect(ipcMain.invoke('vpp:token:status', { ...ours, senderFrame: sub }, {})).resolves.toEqual(FORBIDDEN);
    expect(anyHandlerCalled()).toBe(false);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('[ipc] refused token:status'));
  });

  it('refuses our main frame once it shows another page', async () => {
    ours.sender.mainFrame.url = 'https://evil.example/';
    const result = await ipcMain.invoke('vpp:sync:now', ours, { full: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/forbidden/i) },
    });
    expect(anyHandlerCalled()).toBe(false);
  });

  it('refuses another window, even one showing our page', async () => {
    const other = new BrowserWindow();
    await other.loadURL(paths.rendererUrl);
    const event = { sender: other.webContents, senderFrame: other.webContents.mainFrame };
    await expect(ipcMain.invoke('vpp:token:remove', event, {})).resolves.toEqual(FORBIDDEN);
    expect(anyHandlerCalled()).toBe(false);
  });

  it('accepts only the app:// page: our own index.html over file:// is refused', async () => {
    expect(paths.rendererUrl).toBe('app://vpp-desk/index.html');
    for (const url of [
      pathToFileURL(path.join(paths.rendererDir, 'index.html')).href,
      'file:///etc/passwd',
      'app://other-host/index.html',
      'app://vpp-desk/other.html',
      'http://vpp-desk/index.html',
    ]) {
      ours.sender.mainFrame.url = url;
      await expect(ipcMain.invoke('vpp:token:status', ours, {}), url).resolves.toEqual(FORBIDDEN);
    }
    expect(anyHandlerCalled()).toBe(false);
    ours.sender.mainFrame.url = `${paths.rendererUrl}#/apps`;
    await expect(ipcMain.invoke('vpp:token:status', ours, {})).resolves.toEqual({ ok: true, value: TOKEN_STATUS });
  });

  it('refuses a destroyed frame and calls after the window is gone', async () => {
    await expect(ipcMain.invoke('vpp:token:status', { ...ours, senderFrame: null }, {})).resolves.toEqual(FORBIDDEN);
    fakeElectron.lastWindow().close();
    await expect(ipcMain.invoke('vpp:token:status', ours, {})).resolves.toEqual(FORBIDDEN);
    expect(anyHandlerCalled()).toBe(false);
  });

  it('answers invalid input with VALIDATION without reaching the handler', async () => {
    const bad = [
      ['vpp:sync:now', { full: 'yes' }],
      ['vpp:token:status', { extra: true }],
      ['vpp:deploy:run', { adamId: 'not-a-number', clientUserIds: [], action: 'install' }],
      ['vpp:token:import', { fileContent: '', appleId: 'a' }],
      ['vpp:apps:query', { limit: 1e9 }],
    ] as const;
    for (const [channel, input] of bad) {
      const result = await ipcMain.invoke(channel, ours, input);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(anyHandlerCalled()).toBe(false);
  });

  it('carries a core error back as {code, message}', async () => {
    core.handlers['sync:now'].mockRejectedValueOnce(new Error('secret stack detail'));
    await expect(ipcMain.invoke('vpp:sync:now', ours, {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside VPP Desk.' },
    });
  });

  it('can be removed again', () => {
    fakeElectron.reset();
    const dispose = registerIpc(core.handlers, { webContents: () => null, rendererUrl: paths.rendererUrl });
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });
});
