/**
 * A real core (real keychain, real cache file, real HTTP) against a
 * simulator on 127.0.0.1, with its own data folder and keychain service.
 */
import fs from 'node:fs/promises';
import { call } from '../../electron/core/app';
import { createCore } from '../../electron/core/app/create-core';
import { KeytarVault } from '../../electron/core/token/vault';
import { tempDir } from './tmp';
import type { Core } from '../../electron/core/app/handlers';
import type { Clock } from '../../electron/core/base/clock';
import type { Channel, ResultOf, RequestOf } from '../../shared/contract';

export interface TestCore {
  core: Core;
  home: string;
  service: string;
  vault: KeytarVault;
  call<C extends Channel>(channel: C, req: RequestOf<C>): Promise<ResultOf<C>>;
  reopen(): Promise<TestCore>;
  dispose(): Promise<void>;
}

let counter = 0;

export async function openCore(
  apiUrl: string,
  opts: {
    home?: string;
    service?: string;
    clock?: Clock;
    deployWaitMs?: number;
    settleMs?: number;
    source?: 'window' | 'cli';
  } = {},
): Promise<TestCore> {
  const home = opts.home ?? (await tempDir());
  const service = opts.service ?? `vpp-desk-test-${process.pid}-${++counter}`;
  const vault = new KeytarVault(service);
  const core = await createCore({
    config: { dataDir: home, apiUrl, keychainService: service },
    transport: 'cli',
    vault,
    version: '0.0.0-test',
    pollIntervalMs: 20,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.deployWaitMs !== undefined ? { deployWaitMs: opts.deployWaitMs } : {}),
    ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}),
    ...(opts.source ? { source: opts.source } : {}),
  });
  const handle: TestCore = {
    core,
    home,
    service,
    vault,
    call: (channel, req) => call(core.handlers, channel, req),
    reopen: async () => {
      await core.stop();
      return openCore(apiUrl, { ...opts, home, service });
    },
    dispose: async () => {
      await core.stop();
      await vault.clear();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
  return handle;
}

/** The cache file as it is on disk, for "nothing changed" assertions. */
export async function cacheSnapshot(home: string): Promise<string | null> {
  try {
    return await fs.readFile(`${home}/vpp-desk-cache.json`, 'utf8');
  } catch {
    return null;
  }
}

/** A core with the simulator's token uploaded (the account lock accepted), as most integration tests start. */
export async function openWithToken(
  sim: { url: string; issueToken(): string },
  opts: Parameters<typeof openCore>[1] = {},
): Promise<TestCore> {
  const t = await openCore(sim.url, opts);
  await t.call('token:import', {
    fileContent: sim.issueToken(),
    appleId: 'admin@example.edu',
    acceptAccountLock: true,
  });
  return t;
}
