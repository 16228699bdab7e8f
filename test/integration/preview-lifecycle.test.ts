// `vpp-desk preview` serves the window, so it must live like the window: the
// scheduler's start-up sync runs (a CLI command would never sync on its own)
// and a sync started from the page is recorded as the window's, not the CLI's.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { CLI } from '../helpers/cli';
import { openCore, type TestCore } from '../helpers/core';
import type { SyncStatus } from '../../shared/domain';

let sim: Simulator;
let t: TestCore;
let child: ChildProcess;
let url: URL;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, apps: 3, users: 20, assignments: 10 });
  t = await openCore(sim.url);
  await t.call('token:import', { fileContent: sim.issueToken(), appleId: 'a@b.c', acceptAccountLock: true });
  await t.core.stop(); // imported, never synced: a scheduler that runs syncs at once
  child = spawn(process.execPath, [CLI, 'preview', '--port', '0'], {
    env: { ...process.env, VPP_DESK_HOME: t.home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: t.service },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(new URL(line));
    });
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}`)));
  });
});
afterAll(async () => {
  child.kill('SIGTERM');
  await t.dispose();
  await sim.close();
});

async function invoke<T>(channel: string, body: unknown): Promise<T> {
  const res = await fetch(`${url.origin}/__vpp/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-vpp-secret': url.searchParams.get('secret') ?? '' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { ok: boolean; value: T };
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.value;
}

it('runs the start-up sync like the window and records its syncs as started from the window', async () => {
  await expect
    .poll(async () => (await invoke<SyncStatus>('sync:status', {})).history.map((h) => h.trigger), {
      timeout: 20_000,
      interval: 100,
    })
    .toContain('startup');
  await invoke('sync:now', { full: false });
  const activity = await invoke<{ rows: Array<{ kind: string; source: string }> }>('activity:query', {
    kind: 'sync',
    limit: 50,
  });
  expect(activity.rows.length).toBeGreaterThan(0);
  expect(new Set(activity.rows.map((r) => r.source))).not.toContain('cli');
});
