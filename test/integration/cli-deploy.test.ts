// `vpp-desk deploy`, `deployments`, `activity`, `apps`, `users`, `sync` as an admin runs them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import { freshApp, holders, usersWithout } from '../helpers/org';
import { shownAs, tableIn, UTC_MINUTE } from '../helpers/table';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;
let adamId: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 6, apps: 6, users: 120, assignments: 60, eventDelayMs: 30 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-clideploy-${process.pid}`,
  };
  await fs.writeFile(path.join(home, 't.vpptoken'), sim.issueToken());
  expect(
    (
      await runCli(
        ['token', 'import', path.join(home, 't.vpptoken'), '--apple-id', 'a@b.c', '--accept-account-lock'],
        env,
      )
    ).code,
  ).toBe(0);
  adamId = freshApp(sim, 2, '993000001').adamId;
  const sync = await runCli(['sync', '--json'], env);
  expect(sync.code, sync.stderr).toBe(0);
  expect(JSON.parse(sync.stdout)).toMatchObject({ mode: 'full', users: 120 });
});
afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('vpp-desk reading commands', () => {
  it('apps and users print the documented JSON shapes', async () => {
    const apps = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(apps[0] ?? {}).sort()).toEqual(
      [
        'adamId',
        'pricingParam',
        'productType',
        'name',
        'totalCount',
        'assignedCount',
        'availableCount',
        'retiredCount',
      ].sort(),
    );
    const users = JSON.parse((await runCli(['users', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(users).toHaveLength(120);
    expect(Object.keys(users[0] ?? {}).sort()).toEqual(
      ['clientUserId', 'email', 'status', 'termsStatus', 'inviteUrl'].sort(),
    );
    const assignments = JSON.parse((await runCli(['assignments', '--json'], env)).stdout) as unknown[];
    expect(assignments.length).toBe(sim.state().assignments);
  });

  it('schedule shows and sets how often the scheduled sync runs', async () => {
    const shown = JSON.parse((await runCli(['schedule', '--json'], env)).stdout);
    expect(shown).toMatchObject({ intervalHours: 12 });
    expect(Date.parse(shown.nextSyncAt) - Date.parse(shown.lastSyncAt)).toBe(12 * 3_600_000);
    const set = JSON.parse((await runCli(['schedule', '--every', '6', '--json'], env)).stdout);
    expect(Date.parse(set.nextSyncAt) - Date.parse(set.lastSyncAt)).toBe(6 * 3_600_000);
    expect((await runCli(['schedule', '--every', '0'], env)).code).toBe(2);
    await runCli(['schedule', '--every', '12'], env);
    const human = await runCli(['schedule'], env);
    expect(human.stdout).toMatch(new RegExp(`Last sync:\\s+${UTC_MINUTE.source}\\n`));
    expect(human.stdout).toMatch(new RegExp(`Next sync:\\s+${UTC_MINUTE.source}\\n`));
    expect(tableIn(human.stdout, 'finishedAt')[0]).toEqual({
      finishedAt: shownAs(shown.lastSyncAt as string),
      trigger: 'cli',
      result: 'ok',
      mode: 'full',
      seconds: expect.stringMatching(/^\d+(\.\d)?$/) as string,
      error: '',
    });
  });

  it('apps prints the same columns as before, aligned, numbers included', async () => {
    const json = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    const human = await runCli(['apps'], env);
    expect(human.stdout.split('\n')[0]?.split(/\s+/)).toEqual([
      'adamId',
      'pricingParam',
      'productType',
      'name',
      'totalCount',
      'assignedCount',
      'availableCount',
      'retiredCount',
    ]);
    const rows = tableIn(human.stdout, 'adamId');
    expect(rows).toHaveLength(json.length);
    expect(rows.find((r) => r.adamId === adamId)).toMatchObject({
      pricingParam: 'STDQ',
      totalCount: '2',
      assignedCount: '0',
      availableCount: '2',
    });
  });

  it('works offline from the cache', async () => {
    const offline = { ...env, VPP_DESK_API_URL: 'http://127.0.0.1:9/mdm/v2' };
    const r = await runCli(['apps', '--json'], offline);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).length).toBe(sim.state().assets);
    const s = await runCli(['sync'], offline);
    expect(s.code).toBe(1);
    expect(s.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('vpp-desk deploy', () => {
  it('--dry-run prints the plan and sends nothing', async () => {
    const users = usersWithout(sim, adamId, 'Associated', 3);
    const before = sim.requests.length;
    const r = await runCli(
      ['deploy', adamId, '--users', users.join(','), '--action', 'required', '--dry-run', '--json'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      users: 3,
      licensesAvailable: 2,
      willAssign: 2,
      willFail: 1,
      pendingTerms: 0,
    });
    expect(sim.requests.length).toBe(before);
    const human = await runCli(
      ['deploy', adamId, '--users', users.join(','), '--action', 'required', '--dry-run'],
      env,
    );
    expect(human.stdout).toMatch(/will assign now:\s+2/);
    // The plan names who fails and why.
    expect(human.stdout).toMatch(new RegExp(`Will fail \\(1\\):\\n\\s+${users[2]} <[^>]*>\\s+No licenses available`));
  });

  it('suggests the known user for a wrong-case id or an email, and registers it only when told to', async () => {
    const [known] = usersWithout(sim, adamId, 'Associated', 1);
    const upper = (known as string).toUpperCase();
    const before = sim.requests.length;
    const plan = await runCli(['deploy', adamId, '--users', upper, '--action', 'required', '--dry-run'], env);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`${upper}  did you mean ${known}? (same id, other case)`);
    expect(plan.stdout).toContain('--register-lookalikes');
    const refused = await runCli(['deploy', adamId, '--users', upper, '--action', 'required'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`"${upper}" (did you mean "${known}"?)`);
    expect(sim.requests.length).toBe(before);
  });

  it.each([
    [['deploy', '12345', '--users', 'a', '--action', 'required'], /not among your volume-purchased apps/],
    [['deploy', '993000001', '--users', 'a', '--action', 'install'], /--action must be required or uninstall/],
    [['deploy', '993000001', '--users', 'has space', '--action', 'required'], /not a valid user id/],
    // A zero-width space pasted with the id: Apple would register "ana?" as a new user.
    [['deploy', '993000001', '--users', 'ana\u200b,bob', '--action', 'required'], /invisible character \(U\+200B\)/],
    [['deploy', 'abc', '--users', 'a', '--action', 'required'], /numeric adamId/],
    [['deploy', '993000001', '--action', 'required'], /--users is required/],
  ])('bad input %j exits 2 and sends nothing', async (args, message) => {
    const before = sim.requests.length;
    const r = await runCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sim.requests.length).toBe(before);
  });

  it('deploys from a CSV file, prints each outcome, exits 1 when some failed, and lists rows with filters and CSV', async () => {
    const users = usersWithout(sim, adamId, 'Associated', 3);
    const file = path.join(home, 'users.csv');
    await fs.writeFile(file, `clientUserId,email\n${users.map((u) => `${u},${u}@example.com`).join('\n')}\n`);
    const r = await runCli(['deploy', adamId, '--users', `@${file}`, '--action', 'required', '--json'], env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { rows: Array<{ state: string; reason: string | null }> };
    expect(out.rows.map((row) => row.state).sort()).toEqual(['assigned', 'assigned', 'failed']);
    expect(holders(sim, adamId)).toHaveLength(2);

    const failed = JSON.parse(
      (await runCli(['deployments', '--app', adamId, '--status', 'failed', '--json'], env)).stdout,
    ) as Array<Record<string, unknown>>;
    expect(failed).toHaveLength(1);
    expect(Object.keys(failed[0] ?? {}).sort()).toEqual(
      [
        'adamId',
        'pricingParam',
        'clientUserId',
        'email',
        'action',
        'state',
        'termsStatus',
        'reason',
        'updatedAt',
      ].sort(),
    );
    expect(failed[0]).toMatchObject({
      action: 'required',
      state: 'failed',
      reason: 'No licenses available.',
      termsStatus: 'accepted',
    });
    const csv = (await runCli(['deployments', '--app', adamId, '--csv'], env)).stdout.trim().split('\n');
    expect(csv[0]).toBe('adamId,pricingParam,appName,clientUserId,email,action,state,termsStatus,reason,updatedAt');
    expect(csv).toHaveLength(4);
    expect((await runCli(['deployments', '--status', 'bogus'], env)).code).toBe(2);

    const un = await runCli(['deploy', adamId, '--users', users[0] as string, '--action', 'uninstall', '--json'], env);
    expect(un.code, un.stderr).toBe(0);
    expect(JSON.parse(un.stdout).rows[0]).toMatchObject({ action: 'uninstall', state: 'reclaimed' });
    expect(holders(sim, adamId)).toHaveLength(1);

    const activity = JSON.parse((await runCli(['activity', '--json'], env)).stdout) as Array<{ kind: string }>;
    expect(activity.map((a) => a.kind)).toEqual(
      expect.arrayContaining(['token-uploaded', 'sync', 'deployment', 'license-assigned', 'license-reclaimed']),
    );
    const activityCsv = (await runCli(['activity', '--csv'], env)).stdout;
    expect(activityCsv.split('\n')[0]).toBe('at,kind,source,actor,adamId,clientUserId,serialNumber,message');
  });

  it('deployments and activity print aligned tables with the app name; --json keeps its shape', async () => {
    const apps = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<{ adamId: string; name: string }>;
    const name = apps.find((a) => a.adamId === adamId)?.name ?? '';
    expect(name).not.toBe('');

    const json = JSON.parse((await runCli(['deployments', '--app', adamId, '--json'], env)).stdout) as Array<{
      clientUserId: string;
      state: string;
      updatedAt: string;
      reason: string | null;
    }>;
    expect(json.map((r) => r.state).sort()).toEqual(['assigned', 'failed', 'reclaimed']);
    expect(json.every((r) => !('appName' in r))).toBe(true);
    const human = await runCli(['deployments', '--app', adamId], env);
    expect(human.code, human.stderr).toBe(0);
    const rows = tableIn(human.stdout, 'adamId');
    expect(rows).toHaveLength(json.length);
    for (const j of json) {
      expect(rows.find((r) => r.clientUserId === j.clientUserId)).toMatchObject({
        adamId,
        app: shownAs(name, 30),
        pricingParam: 'STDQ',
        state: j.state,
        updatedAt: shownAs(j.updatedAt),
        reason: j.reason ?? '',
      });
    }

    const activityJson = JSON.parse((await runCli(['activity', '--app', adamId, '--json'], env)).stdout) as Array<{
      at: string;
      kind: string;
      clientUserId: string | null;
    }>;
    const activity = tableIn((await runCli(['activity', '--app', adamId], env)).stdout, 'at');
    expect(activity).toHaveLength(activityJson.length);
    const assigned = activityJson.find((a) => a.kind === 'license-assigned');
    expect(activity.find((a) => a.kind === 'license-assigned')).toMatchObject({
      at: shownAs(assigned?.at ?? ''),
      source: 'cli',
      app: shownAs(name, 30),
      'user/device': assigned?.clientUserId ?? '',
    });
  });
});
