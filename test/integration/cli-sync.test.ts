// `vpp-desk sync` as an admin runs it: after the result, the command waits for the app names it asked Apple's
// store service for, and says so on stderr, so the wait does not read as a hang; stdout stays the result.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { CLI, cliHomeWithToken, runCli, type CliHome } from '../helpers/cli';

let sim: Simulator;
let data: CliHome;
let env: Record<string, string>;

beforeAll(async () => {
  // 1,000 apps: 20 lookups at the store service's 5 a second, still under way when the sync's result prints.
  sim = await startSimulator({ seed: 23, apps: 1000, users: 40, assignments: 60 });
  data = await cliHomeWithToken(sim, 'clisync');
  env = data.env;
});

afterAll(async () => {
  await data.remove();
  await sim.close();
});

/** `vpp-desk sync` interrupted with Ctrl+C (SIGINT) as soon as it says it is looking up names. */
function syncThenCtrlC(): Promise<{ stdout: string; stderr: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'sync'], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('Looking up')) child.kill('SIGINT');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, signal });
    });
  });
}

describe('vpp-desk sync', () => {
  it('loses nothing when Ctrl+C skips the names: the sync is saved, apps show their IDs', async () => {
    const run = await syncThenCtrlC();
    expect(run.signal).toBe('SIGINT');
    expect(run.stdout).toMatch(/^Full sync done in/);
    const status = JSON.parse((await runCli(['token', 'status', '--json'], env)).stdout) as { lastSyncAt: string };
    expect(status.lastSyncAt).not.toBeNull();
    const listed = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<{
      adamId: string;
      name: string;
    }>;
    expect(listed).toHaveLength(sim.listAssets().length);
    expect(listed.every((a) => a.name === a.adamId)).toBe(true);
  });

  it('says it is looking up the new apps’ names, waits for them, and keeps stdout the result', async () => {
    const apps = new Set(sim.listAssets().map((a) => a.adamId)).size;
    const first = await runCli(['sync', '--full', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ mode: 'full', assets: sim.listAssets().length });
    expect(first.stderr.trim()).toBe(
      `Looking up ${apps.toLocaleString('en-US')} app names at Apple's store service (about ${Math.ceil(apps / 250)} s); ` +
        'Ctrl+C skips them: the apps keep their IDs until the next sync looks them up again.',
    );
    // It waited: the names are saved (an app listed by its ID would have no name of its own).
    const listed = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<{
      adamId: string;
      name: string;
    }>;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((a) => a.name === a.adamId)).toEqual([]);
  });

  it('says nothing more once every name is known', async () => {
    const again = await runCli(['sync'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Incremental sync done in [\d.]+ s: \d+ apps, \d+ users, \d+ assignments\.\n$/);
    expect(again.stderr).toBe('');
  });

  it('finishes quietly when the reader stops early (`vpp-desk apps --json | head`)', async () => {
    // After the syncs above: more output than a pipe holds, so the CLI is still writing when the pipe closes.
    expect((await runCli(['apps', '--json'], env)).stdout.length).toBeGreaterThan(65_536);
    // As an admin's shell runs it: head reads 10 bytes and closes the pipe; the exit status is the CLI's.
    const script = '"$NODE" "$CLI" apps --json | head -c 10 >/dev/null; exit ${PIPESTATUS[0]}';
    const child = spawn('bash', ['-c', script], { env: { ...process.env, ...env, NODE: process.execPath, CLI } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a full sync that finds Apple unchanged keeps its parts and leaves no temp file behind when it exits', async () => {
    const parts = async () => (await fs.readdir(data.home)).filter((f) => f.startsWith('vpp-desk-snapshot-')).sort();
    const before = await parts();
    const run = await runCli(['sync', '--full', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    // The walks streamed every row to the worker, which was then told to drop them: the cached parts stay, and what
    // it had written is gone (a leftover is ~60 MB at 1M). Here the worker is done long before the command ends;
    // that the process waits for it when it is not is pinned in part-writer.test.
    const names = await fs.readdir(data.home);
    expect(names.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const rowParts = (f: string[]) => f.filter((n) => n.endsWith('.users.json') || n.endsWith('.assignments.json'));
    expect(rowParts(await parts())).toEqual(rowParts(before));
  });

  it('a sync that fails after finding a change exits with its message (the worker it warmed does not hold it)', async () => {
    expect((await runCli(['sync'], env)).code).toBe(0);
    // The apps moved at Apple (more licenses bought): an incremental sync reads their first page, finds the change,
    // starts the worker for the write to come, and Apple then refuses the next page.
    const [app] = sim.listAssets();
    sim.buyLicenses(app?.adamId ?? '', 'STDQ', 5);
    const fired = sim.faults.fired();
    sim.faults.set({ kind: 'error-200', errorNumber: 9602, match: 'pageIndex=1', count: 1 });
    const run = await runCli(['sync'], env, { timeoutMs: 30_000 });
    expect(sim.faults.fired()).toBe(fired + 1);
    expect(run.code, run.stderr).not.toBe(0);
    expect(run.code).not.toBe(-1);
    expect(run.stderr).not.toBe('');
  });
});
