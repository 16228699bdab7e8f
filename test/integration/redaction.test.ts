// The token never leaves core, even when Apple (or anything in between)
// quotes the request's Authorization header back: whole, URL-encoded or in
// part, in an error body or in an event's per-user failures. Checked where it
// would land: the data folder's files, the activity log, CSV exports and the
// CLI's output.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { CLI, runCli } from '../helpers/cli';
import { openCore, type TestCore } from '../helpers/core';
import { editMain } from '../helpers/main-file';
import { freshApp, usersWithout } from '../helpers/org';

let sim: Simulator;
let t: TestCore;
let content: string;

/** Every 15-character piece of the file content, the inner token and their URL-encoded forms. */
function pieces(): string[] {
  const inner = (JSON.parse(Buffer.from(content, 'base64').toString()) as { token: string }).token;
  const out = new Set<string>();
  for (const s of [content, inner, encodeURIComponent(content), encodeURIComponent(`Bearer ${content}`)]) {
    for (let i = 0; i + 15 <= s.length; i++) out.add(s.slice(i, i + 15));
  }
  return [...out];
}

function expectNoToken(text: string, where: string): void {
  const leaked = pieces().find((p) => text.includes(p));
  expect(leaked, `${where} holds a piece of the token`).toBeUndefined();
}

async function expectNoTokenOnDisk(): Promise<void> {
  for (const name of await fs.readdir(t.home)) {
    const file = path.join(t.home, name);
    if ((await fs.stat(file)).isFile()) expectNoToken(await fs.readFile(file, 'utf8'), name);
  }
}

beforeAll(async () => {
  await fs.access(CLI); // `npm run build:node` first
});

beforeEach(async () => {
  sim = await startSimulator({ seed: 8, apps: 6, users: 60, assignments: 20, eventDelayMs: 20 });
  t = await openCore(sim.url);
  content = sim.issueToken();
  await t.call('token:import', { fileContent: content, appleId: 'admin@example.edu', acceptAccountLock: true });
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

describe('a server quoting the Authorization header back', () => {
  it('in an error body: the sync error, sync history, activity and cache files hold no piece of the token', async () => {
    await t.call('sync:now', { full: true });
    sim.faults.set({ kind: 'echo-auth', in: 'body', match: '/assets' });
    const err = await t.call('sync:now', { full: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    // The fault did fire and its text came through: only the token is gone.
    expect(message).toContain('Rejected "Authorization: Bearer [redacted]');
    expectNoToken(message, 'the sync error');
    const status = await t.call('sync:status', {});
    expect(status.history[0]?.error).toContain('[redacted]');
    expectNoToken(JSON.stringify(status), 'sync status');
    expectNoToken(JSON.stringify(await t.call('activity:query', { limit: 5000 })), 'activity');
    await t.core.stop();
    await expectNoTokenOnDisk();
  });

  it('in per-user event failures: rows, journal, activity, CSV exports, cache files and CLI output hold none', async () => {
    const app = freshApp(sim, 5);
    await t.call('sync:now', { full: true });
    const users = usersWithout(sim, app.adamId, 'Associated', 2);
    sim.faults.set({ kind: 'echo-auth', in: 'event', match: '/status', count: -1 });
    const outcome = await t.call('deploy:run', { adamId: app.adamId, clientUserIds: users, action: 'required' });
    sim.faults.clear();
    const reasons = outcome.rows.map((r) => r.reason ?? '');
    expect(outcome.rows.map((r) => r.state)).toEqual(['failed', 'failed']);
    for (const reason of reasons)
      expect(reason).toContain('Apple error 9602: Rejected "Authorization: Bearer [redacted]');

    const deployments = await t.call('export:csv', { what: 'deployments' });
    expect(deployments.csv).toContain('[redacted]');
    expectNoToken(deployments.csv, 'deployments CSV');
    expectNoToken((await t.call('export:csv', { what: 'activity' })).csv, 'activity CSV');
    await t.core.stop();
    await expectNoTokenOnDisk();

    const env = { VPP_DESK_HOME: t.home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: t.service };
    for (const args of [
      ['deployments', '--csv'],
      ['deployments', '--json'],
      ['deployments'],
      ['activity', '--csv'],
      ['activity'],
    ]) {
      const out = await runCli(args, env);
      expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(0);
      expectNoToken(out.stdout + out.stderr, `vpp-desk ${args.join(' ')}`);
    }
  });

  it('in a cache file edited by hand: a CSV export of the rows holding the token holds no piece of it', async () => {
    const app = freshApp(sim, 5);
    await t.call('sync:now', { full: true });
    const at = new Date().toISOString();
    // Rows as no VPP Desk writes them (it redacts before storing): the export's cells are redacted as made.
    const quoted = [
      `Bearer ${content}`,
      encodeURIComponent(content),
      `${content.slice(5, 40)} and ${content.slice(60)}`,
    ];
    await editMain(t.home, (main) => {
      main.deployments = quoted.map((reason, i) => ({
        adamId: app.adamId,
        pricingParam: 'STDQ',
        clientUserId: `user-${i}`,
        action: 'required',
        state: 'failed',
        reason,
        createdAt: at,
        updatedAt: at,
        journalId: null,
      }));
    });
    t = await t.reopen();
    const csv = (await t.call('export:csv', { what: 'deployments' })).csv;
    expect(csv.split('\n').filter((line) => line.includes(app.adamId))).toHaveLength(3);
    expectNoToken(csv, 'deployments CSV');
  });

  it("in the CLI's own error line: a failed sync prints no piece of the token", async () => {
    await t.core.stop();
    sim.faults.set({ kind: 'echo-auth', in: 'body', match: '/assets', count: -1 });
    const env = { VPP_DESK_HOME: t.home, VPP_DESK_API_URL: sim.url, VPP_DESK_KEYCHAIN_SERVICE: t.service };
    const out = await runCli(['sync', '--full'], env);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('[redacted]');
    expectNoToken(out.stdout + out.stderr, 'vpp-desk sync');
    await expectNoTokenOnDisk();
  });
});
