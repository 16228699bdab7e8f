/**
 * The same Electron wiring, on the real composition root (an in-memory
 * vault instead of the OS keychain, a temporary data folder): proves the
 * window's calls reach real core handlers through the checked IPC gate.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCore } from '../../../electron/core/app/create-core';
import { MemoryVault } from '../../../electron/core/token/vault';
import { launch, type RunningApp } from '../../../electron/lifecycle';
import { app, fakeElectron, ipcMain } from '../../fakes/electron';

describe('Electron layer on the real core', () => {
  let home: string;
  let running: RunningApp | null = null;

  beforeEach(async () => {
    fakeElectron.reset();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-electron-'));
  });

  afterEach(async () => {
    // Quit the way the app does: before-quit stops core and flushes the cache.
    if (running) {
      app.quit();
      await vi.waitFor(() => expect(app.quitted).toBe(true));
    }
    running = null;
    await fs.rm(home, { recursive: true, force: true });
  });

  it('answers token:status and app:info from the window', async () => {
    running = await launch({
      distDir: path.resolve('dist'),
      createCore: (options) => createCore({ ...options, vault: new MemoryVault() }),
      // A dead loopback port: nothing here may ever reach Apple.
      env: { VPP_DESK_HOME: home, VPP_DESK_API_URL: 'http://127.0.0.1:9' },
      platform: 'linux',
    });
    expect(running).not.toBeNull();
    const contents = fakeElectron.lastWindow().webContents;
    const from = { sender: contents, senderFrame: contents.mainFrame };

    await expect(ipcMain.invoke('vpp:token:status', from, {})).resolves.toMatchObject({
      ok: true,
      value: { state: 'none' },
    });
    await expect(ipcMain.invoke('vpp:app:info', from, {})).resolves.toMatchObject({
      ok: true,
      value: { transport: 'electron', version: '0.1.0' },
    });
    await expect(ipcMain.invoke('vpp:token:import', from, { fileContent: 'x' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});
