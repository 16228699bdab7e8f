/**
 * Kill tests: a real CLI child SIGKILLed at a moment the simulator holds a
 * request at (no guessed delays), and a restarted long-lived core whose
 * start() resumes the journal. Shared by kill-restart*.test.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { expect } from 'vitest';
import { createCore } from '../../electron/core/app/create-core';
import { KeytarVault } from '../../electron/core/token/vault';
import { CLI, runCli } from './cli';
import { readMain } from './main-file';
import { tempDir } from './tmp';
import type { CacheData } from '../../electron/core/cache/schema';
import type { HoldSpec, Simulator } from '../fakes/apple-simulator';

export interface KillHome {
  home: string;
  service: string;
  env: Record<string, string>;
  /** Removes the token from the keychain and the data folder. */
  dispose(): Promise<void>;
}

/** A data folder and keychain service with the simulator's token imported. */
export async function killHome(sim: Simulator, label: string): Promise<KillHome> {
  const home = await tempDir();
  const service = `vpp-desk-test-${label}-${process.pid}`;
  const env = { VPP_DESK_HOME: home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: service };
  await fs.writeFile(`${home}/t.vpptoken`, sim.issueToken());
  const r = await runCli(
    ['token', 'import', `${home}/t.vpptoken`, '--apple-id', 'a@b.c', '--accept-account-lock'],
    env,
  );
  expect(r.code, r.stderr).toBe(0);
  return {
    home,
    service,
    env,
    dispose: async () => {
      await runCli(['token', 'remove'], env);
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}

/** The journal and VPP Desk's own rows as the cache files hold them (the rows in their part). */
export async function mainCache(home: string): Promise<Pick<CacheData, 'journal' | 'deployments'>> {
  return (await readMain(home)) as unknown as Pick<CacheData, 'journal' | 'deployments'>;
}

/** Runs the CLI with `args`, waits for the simulator to hold it at `spec`, then SIGKILLs it. */
export async function cliKilledAt(
  sim: Simulator,
  spec: HoldSpec,
  args: string[],
  env: Record<string, string>,
): Promise<NodeJS.Signals | null> {
  const holding = sim.hold(spec);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const first = await Promise.race([holding.then((held) => ({ held })), exited.then((exit) => ({ exit }))]);
  if ('exit' in first) throw new Error(`the CLI ended before the moment (${JSON.stringify(first.exit)}): ${stderr}`);
  child.kill('SIGKILL');
  const { signal } = await exited;
  // Only after the kernel closed the dead client's socket: a "received" hold then drops the request.
  await first.held.clientGone;
  first.held.release();
  return signal;
}

/**
 * A restart of a long-lived VPP Desk (not the CLI, which does not resume):
 * start() resumes the journal; waits until `stillOpen` says nothing is left.
 */
export async function restartAndResume(
  sim: Simulator,
  kh: Pick<KillHome, 'home' | 'service'>,
  stillOpen: () => Promise<boolean>,
): Promise<void> {
  const core = await createCore({
    config: { dataDir: kh.home, apiUrl: sim.url, keychainService: kh.service },
    transport: 'preview',
    vault: new KeytarVault(kh.service),
    version: '0.0.0-test',
    pollIntervalMs: 20,
    // A write the kill left unanswered is read back for 3 s (the simulator's events take 1 s), not 30.
    settleMs: 3000,
  });
  try {
    await core.start();
    await expect.poll(stillOpen, { timeout: 20_000, interval: 50 }).toBe(false);
  } finally {
    await core.stop();
  }
}

/** A hold condition on an event status answer. */
export const statusIs = (s: string) => (payload: unknown) => (payload as { eventStatus?: string }).eventStatus === s;

/**
 * Requests for the full asset list: a sync (the resume must not need one). One app's counts,
 * read before licenses are spent (`?adamId=`), are not a sync.
 */
export const syncRequests = (sim: Simulator): number =>
  sim.requests.filter((r) => r.path.endsWith('/assets') && r.query.adamId === undefined).length;
