// The preload the window really loads is the built dist/preload.cjs, run
// sandboxed: it may require 'electron' and nothing else, and it sees only a
// sandboxed preload's globals. Importing the TypeScript source in Node (as
// preload.test.ts does) cannot show a bundle that reaches for 'node:fs' or a
// global the sandbox lacks; running the built file in a vm context can.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { forwardEvents } from '../../../electron/forward-events';
import { registerIpc } from '../../../electron/ipc';
import { MainWindow } from '../../../electron/window';
import { createVppApi, type VppApi } from '../../../shared/api';
import { contextBridge, fakeElectron, ipcRenderer } from '../../fakes/electron';
import { stubCore, TOKEN_STATUS } from './stub-core';

const BUNDLE = path.resolve('dist', 'preload.cjs');
const paths = appPaths(path.resolve('dist'));

let code: string;
beforeAll(() => {
  // `npm run build:node` (part of `npm test`) writes the bundle; without it there is nothing to test.
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build:node first`);
  code = readFileSync(BUNDLE, 'utf8');
});

/**
 * Runs the bundle as Electron's sandboxed preload does: CommonJS wrapper,
 * `require` limited (here to 'electron' alone, stricter than Electron's short
 * list of built-ins), a reduced `process`, and the web platform's globals
 * only: no Buffer, no __dirname, no Node modules.
 */
function runSandboxed(): { required: string[]; refused: string[] } {
  const required: string[] = [];
  const refused: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return { contextBridge, ipcRenderer };
    refused.push(name);
    throw new Error(`module not found: ${name} (a sandboxed preload can only require 'electron')`);
  };
  const module = { exports: {} as Record<string, unknown> };
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    process: { platform: process.platform, env: {}, versions: {}, sandboxed: true, type: 'renderer' },
  });
  const wrapped = vm.runInContext(`(function (exports, require, module) {\n${code}\n})`, context, {
    filename: BUNDLE,
  }) as (exports: unknown, require: (name: string) => unknown, module: unknown) => void;
  wrapped(module.exports, sandboxRequire, module);
  return { required, refused };
}

describe('dist/preload.cjs in a sandbox', () => {
  beforeEach(() => {
    fakeElectron.reset();
    const core = stubCore();
    const window = new MainWindow(paths);
    window.show();
    registerIpc(core.handlers, { webContents: () => window.webContents(), rendererUrl: paths.rendererUrl });
    forwardEvents(core.events, () => window.webContents());
  });

  it("requires 'electron' and nothing else", () => {
    const { required, refused } = runSandboxed();
    expect(refused).toEqual([]);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it("exposes window.vpp with createVppApi's methods, and nothing else", () => {
    runSandboxed();
    expect([...fakeElectron.exposed.keys()]).toEqual(['vpp']);
    const api = fakeElectron.exposed.get('vpp') as Record<string, unknown>;
    const expected = Object.keys(createVppApi({ invoke: async () => ({ ok: true, value: null }), on: () => () => {} }));
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('a call from the page goes over IPC to the core and comes back', async () => {
    runSandboxed();
    const api = fakeElectron.exposed.get('vpp') as VppApi;
    await expect(api.getTokenStatus()).resolves.toEqual({ ok: true, value: TOKEN_STATUS });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('vpp:token:status', {});
  });
});
