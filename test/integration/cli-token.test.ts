// The CLI as an admin runs it: exit 0 success, 1 failed operation, 2 bad
// usage or input; one-line messages on stderr; JSON on stdout with --json.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeytarVault } from '../../electron/core/token/vault';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;
/** The OS keychain entry the CLI uses, read directly: where the README promises the token lives. */
let keychain: KeytarVault;

beforeEach(async () => {
  sim = await startSimulator({ seed: 2 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-cli-${process.pid}-${Date.now()}`,
  };
  keychain = new KeytarVault(env.VPP_DESK_KEYCHAIN_SERVICE as string);
});
afterEach(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

async function writeToken(content: string, name = 'org.vpptoken'): Promise<string> {
  const file = path.join(home, name);
  await fs.writeFile(file, content);
  return file;
}

describe('vpp-desk token', () => {
  it('status with no token: state none, exit 0', async () => {
    const r = await runCli(['token', 'status', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'none', label: null, lastSyncAt: null });
  });

  it('import then status shows the expiry; the token never appears in output', async () => {
    const content = sim.issueToken();
    const file = await writeToken(content);
    const imported = await runCli(
      [
        'token',
        'import',
        file,
        '--apple-id',
        'admin@example.edu',
        '--name',
        'Campus',
        '--accept-account-lock',
        '--json',
      ],
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(await keychain.get()).toBe(content);
    const status = await runCli(['token', 'status', '--json'], env);
    const parsed = JSON.parse(status.stdout);
    expect(Object.keys(parsed).sort()).toEqual(
      [
        'label',
        'appleId',
        'orgName',
        'locationName',
        'uId',
        'expiresAt',
        'daysLeft',
        'state',
        'lastUpdatedAt',
        'lastSyncAt',
        'countryCode',
      ].sort(),
    );
    expect(parsed).toMatchObject({ state: 'valid', label: 'Campus', appleId: 'admin@example.edu' });
    expect(parsed.daysLeft).toBeGreaterThan(300);
    expect(imported.stdout + imported.stderr + status.stdout + status.stderr).not.toContain(content);
    const human = await runCli(['token', 'status'], env);
    // Every date one way, in UTC: no raw ISO time next to a formatted one.
    expect(human.stdout).toMatch(/Expires:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(\d+ days left\)/);
    expect(human.stdout).toMatch(/Last updated:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\n/);
    expect(human.stdout).toMatch(/Last synced:\s+never\n/);
    expect(human.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d/);
  });

  it('refuses a renewal that expires sooner than the installed token (exit 2, keychain unchanged) unless --accept-earlier-expiry', async () => {
    const current = sim.issueToken();
    const lock = ['--apple-id', 'a@b.c', '--accept-account-lock'];
    const first = await runCli(['token', 'import', await writeToken(current), ...lock], env);
    expect(first.code, first.stderr).toBe(0);
    const nineDays = new Date(Date.now() + 9 * 86_400_000);
    const sooner = await writeToken(sim.issueToken({ expDate: nineDays }), 'sooner.vpptoken');

    const refused = await runCli(['token', 'import', sooner, ...lock], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`expires on ${nineDays.toISOString().slice(0, 10)}`);
    expect(refused.stderr).toContain('--accept-earlier-expiry');
    expect(await keychain.get()).toBe(current);

    const accepted = await runCli(['token', 'import', sooner, ...lock, '--accept-earlier-expiry', '--json'], env);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(await keychain.get()).toBe(await fs.readFile(sooner, 'utf8'));
    expect(JSON.parse(accepted.stdout)).toMatchObject({ state: 'expiring', daysLeft: expect.any(Number) as number });
  });

  it('bad usage exits 2 with one line on stderr', async () => {
    const file = await writeToken(sim.issueToken());
    const noLock = await runCli(['token', 'import', file, '--apple-id', 'a@b.c'], env);
    expect(noLock.code).toBe(2);
    expect(noLock.stderr.trim().split('\n')).toHaveLength(1);
    expect(noLock.stderr).toMatch(/--accept-account-lock/);
    expect((await runCli(['frobnicate'], env)).code).toBe(2);
    expect((await runCli(['token', 'import', file, '--bogus'], env)).code).toBe(2);
  });

  it('a malformed file is bad input (exit 2); a revoked token is a failed operation (exit 1); nothing stored', async () => {
    const bad = await writeToken('garbage!!', 'bad.vpptoken');
    const r1 = await runCli(['token', 'import', bad, '--apple-id', 'a@b.c', '--accept-account-lock'], env);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/not a valid VPP token/);
    const revoked = sim.issueToken();
    sim.revokeToken(revoked);
    const r2 = await runCli(
      ['token', 'import', await writeToken(revoked, 'rev.vpptoken'), '--apple-id', 'a@b.c', '--accept-account-lock'],
      env,
    );
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/revoked/);
    expect(r2.stderr).not.toMatch(/\n.+\n/);
    expect(JSON.parse((await runCli(['token', 'status', '--json'], env)).stdout).state).toBe('none');
    expect(await keychain.get()).toBeNull();
  });

  it('remove clears the token', async () => {
    const file = await writeToken(sim.issueToken());
    const imported = await runCli(['token', 'import', file, '--apple-id', 'a@b.c', '--accept-account-lock'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await keychain.get()).not.toBeNull();
    const r = await runCli(['token', 'remove'], env);
    expect(r.code).toBe(0);
    expect(await keychain.get()).toBeNull();
    expect(JSON.parse((await runCli(['token', 'status', '--json'], env)).stdout).state).toBe('none');
  });
});
