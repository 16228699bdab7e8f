import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { forwardEvents } from '../../../electron/forward-events';
import { registerIpc } from '../../../electron/ipc';
import { MainWindow } from '../../../electron/window';
import { createVppApi, type VppApi } from '../../../shared/api';
import { fakeElectron, ipcRenderer } from '../../fakes/electron';
import { stubCore, TOKEN_STATUS, type StubCore } from './stub-core';
import type { SyncProgress } from '../../../shared/domain';

const paths = appPaths(path.resolve('dist'));

/** Runs the preload as the window would, and returns what it exposed. */
async function loadPreload(): Promise<VppApi> {
  vi.resetModules();
  await import('../../../electron/preload');
  expect([...fakeElectron.exposed.keys()]).toEqual(['vpp']);
  return fakeElectron.exposed.get('vpp') as VppApi;
}

describe('preload', () => {
  let core: StubCore;
  let window: MainWindow;

  beforeEach(() => {
    fakeElectron.reset();
    core = stubCore();
    window = new MainWindow(paths);
    window.show();
    registerIpc(core.handlers, { webContents: () => window.webContents(), rendererUrl: paths.rendererUrl });
    forwardEvents(core.events, () => window.webContents());
  });

  it('exposes exactly the intent-level methods of createVppApi', async () => {
    const api = await loadPreload();
    const expected = Object.keys(createVppApi({ invoke: async () => ({ ok: true, value: null }), on: () => () => {} }));
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('exposes no ipcRenderer, generic send/invoke/on, or Node', async () => {
    const api = await loadPreload();
    for (const name of ['ipcRenderer', 'send', 'invoke', 'on', 'require', 'process', 'electron']) {
      expect(api, name).not.toHaveProperty(name);
    }
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('calls go over the prefixed channel and come back as Envelopes', async () => {
    const api = await loadPreload();
    await expect(api.getTokenStatus()).resolves.toEqual({ ok: true, value: TOKEN_STATUS });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('vpp:token:status', {});
    await api.syncNow({ full: true });
    expect(core.handlers['sync:now']).toHaveBeenCalledWith({ full: true });
  });

  it('delivers core events to the subscriber, payload only, until unsubscribed', async () => {
    const api = await loadPreload();
    const progress: SyncProgress = { running: true, phase: 'users', pagesDone: 2, pagesTotal: 5 };
    const onProgress = vi.fn();
    const onState = vi.fn();
    const offProgress = api.onSyncProgress(onProgress);
    api.onStateChanged(onState);

    core.events.emit('sync:progress', progress);
    core.events.emit('state:changed', { reason: 'sync' });
    expect(onProgress).toHaveBeenCalledWith(progress);
    expect(onProgress.mock.calls[0]).toHaveLength(1);
    expect(onState).toHaveBeenCalledWith({ reason: 'sync' });

    offProgress();
    core.events.emit('sync:progress', { ...progress, pagesDone: 3 });
    expect(onProgress).toHaveBeenCalledTimes(1);
    expect(ipcRenderer.listenerCount('vpp:event:sync:progress')).toBe(0);
    expect(ipcRenderer.listenerCount('vpp:event:state:changed')).toBe(1);
  });

  it('sends nothing to a closed window', () => {
    const contents = fakeElectron.lastWindow().webContents;
    fakeElectron.lastWindow().close();
    expect(() => core.events.emit('state:changed', { reason: 'token' })).not.toThrow();
    expect(contents.sent).toHaveLength(0);
  });
});
