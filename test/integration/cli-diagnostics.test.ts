// `vpp-desk diagnostics --out <file.zip>`: the log the CLI wrote, versions and
// a cache summary of counts and dates; never the token, an id or an email.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { readZip } from '../helpers/zip';

let sim: Simulator;
let home: string;
let token: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, users: 12, apps: 3, assignments: 8 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-diag-${process.pid}-${Date.now()}`,
  };
  token = sim.issueToken();
  const tokenFile = path.join(await tempDir(), 'org.vpptoken');
  await fs.writeFile(tokenFile, token);
  const imported = await runCli(
    ['token', 'import', tokenFile, '--apple-id', 'admin@example.edu', '--accept-account-lock'],
    env,
  );
  expect(imported.code, imported.stderr).toBe(0);
  const synced = await runCli(['sync'], env);
  expect(synced.code, synced.stderr).toBe(0);
});

afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('vpp-desk diagnostics', () => {
  it('writes logs, versions and a cache summary with no secrets', async () => {
    const out = path.join(home, 'support.zip');
    const r = await runCli(['diagnostics', '--out', out, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: out });

    const zip = await readZip(out);
    expect([...zip.keys()].sort()).toEqual(['cache-summary.json', 'logs/vpp-desk.log', 'versions.json']);

    const log = zip.get('logs/vpp-desk.log') ?? '';
    expect(log).toMatch(/INFO \[cli\] vpp-desk token /);
    expect(log).toMatch(/INFO \[cli\] vpp-desk sync /);

    const versions = JSON.parse(zip.get('versions.json') ?? '{}') as Record<string, unknown>;
    expect(versions).toMatchObject({ transport: 'cli', platform: process.platform });
    expect((versions.runtime as Record<string, string>).node).toBe(process.versions.node);

    const summary = JSON.parse(zip.get('cache-summary.json') ?? '{}') as {
      token: Record<string, unknown>;
      counts: Record<string, unknown>;
      sync: { lastSyncAt: string | null; history: unknown[] };
    };
    expect(summary.token).toMatchObject({ state: 'valid' });
    expect(summary.counts).toMatchObject({ apps: 3, users: 12, assignments: expect.any(Number) });
    expect(summary.sync.lastSyncAt).not.toBeNull();
    expect(summary.sync.history.length).toBeGreaterThan(0);

    const everything = [...zip.values()].join('\n');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.slice(20, 40));
    expect(everything).not.toContain('admin@example.edu');
    expect(everything).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('refuses a missing or non-zip --out (exit 2)', async () => {
    expect((await runCli(['diagnostics'], env)).code).toBe(2);
    expect((await runCli(['diagnostics', '--out', path.join(home, 'x.txt')], env)).code).toBe(2);
  });
});
