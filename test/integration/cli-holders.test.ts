// `vpp-desk holders`, `holdings`, `devices`, `deploy --serials`, `reclaim`, `revoke`, `retire` as an admin runs them.
import fs from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type AssignmentView, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import { freshApp } from '../helpers/org';
import { shownAs, tableIn } from '../helpers/table';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;

const json = async (args: string[]) => {
  const r = await runCli(args, env);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as unknown;
};

/** A loopback port nobody listens on (connection refused: certainly not sent). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function appleAssignments(): AssignmentView[] {
  const ids = [...new Set(sim.listAssets().map((a) => a.adamId))];
  return ids.flatMap((id) => sim.assignmentsFor(id));
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, apps: 8, users: 120, assignments: 200, eventDelayMs: 10 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-cliholders-${process.pid}`,
  };
  await fs.writeFile(path.join(home, 't.vpptoken'), sim.issueToken());
  const imported = await runCli(
    ['token', 'import', path.join(home, 't.vpptoken'), '--apple-id', 'a@b.c', '--accept-account-lock'],
    env,
  );
  expect(imported.code, imported.stderr).toBe(0);
  freshApp(sim, 2, '996000001');
  expect((await runCli(['sync'], env)).code).toBe(0);
});
afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('vpp-desk holders, holdings, devices', () => {
  it('print every holder Apple counts, in the documented shapes', async () => {
    const asset = sim.listAssets().find((a) => a.assignedCount > 3 && a.pricingParam === 'STDQ');
    if (!asset) throw new Error('seed has no busy app');
    const rows = (await json(['holders', asset.adamId, '--pricing', 'STDQ', '--json'])) as Array<
      Record<string, unknown>
    >;
    expect(rows).toHaveLength(asset.assignedCount);
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      ['adamId', 'pricingParam', 'clientUserId', 'serialNumber', 'email', 'termsStatus', 'assignedBy'].sort(),
    );
    expect(new Set(rows.map((r) => r.assignedBy))).toEqual(new Set(['other']));
    const csv = await runCli(['holders', asset.adamId, '--pricing', 'STDQ', '--csv'], env);
    expect(csv.stdout.trim().split('\n')).toHaveLength(asset.assignedCount + 1);

    const user = sim.assignmentsFor(asset.adamId).find((a) => a.clientUserId)?.clientUserId ?? '';
    const held = (await json(['holdings', '--user', user, '--json'])) as Array<Record<string, unknown>>;
    expect(held.map((h) => `${String(h.adamId)}|${String(h.pricingParam)}`).sort()).toEqual(
      sim
        .assignmentsOfUser(user)
        .map((a) => `${a.adamId}|${a.pricingParam}`)
        .sort(),
    );
    expect(Object.keys(held[0] ?? {}).sort()).toEqual(['adamId', 'name', 'pricingParam']);

    const devices = (await json(['devices', '--json'])) as Array<{ serialNumber: string; apps: number }>;
    const apple = appleAssignments().filter((a) => a.serialNumber);
    expect(devices.reduce((n, d) => n + d.apps, 0)).toBe(apple.length);
  });

  it('holders, holdings and devices print aligned tables with headers and app names', async () => {
    const asset = sim.listAssets().find((a) => a.assignedCount > 3 && a.pricingParam === 'STDQ');
    if (!asset) throw new Error('seed has no busy app');
    const apps = (await json(['apps', '--json'])) as Array<{ adamId: string; name: string }>;
    const name = apps.find((a) => a.adamId === asset.adamId)?.name ?? '';
    expect(name).not.toBe('');

    const holderRows = (await json(['holders', asset.adamId, '--pricing', 'STDQ', '--json'])) as Array<{
      clientUserId: string | null;
      serialNumber: string | null;
      email: string | null;
    }>;
    const holderTable = tableIn((await runCli(['holders', asset.adamId, '--pricing', 'STDQ'], env)).stdout, 'app');
    expect(holderTable).toHaveLength(holderRows.length);
    const first = holderRows[0];
    expect(holderTable[0]).toMatchObject({
      app: shownAs(name, 30),
      pricingParam: 'STDQ',
      clientUserId: first?.clientUserId ?? '',
      serialNumber: first?.serialNumber ?? '',
      email: first?.email ?? '',
      assignedBy: 'other',
      since: '—',
    });

    const user = sim.assignmentsFor(asset.adamId).find((a) => a.clientUserId)?.clientUserId ?? '';
    const held = (await json(['holdings', '--user', user, '--json'])) as Array<{ adamId: string; name: string }>;
    const heldTable = tableIn((await runCli(['holdings', '--user', user], env)).stdout, 'adamId');
    expect(heldTable.map((h) => ({ adamId: h.adamId, name: h.name }))).toEqual(
      held.map((h) => ({ adamId: h.adamId, name: shownAs(h.name, 40) })),
    );

    const devices = (await json(['devices', '--json'])) as Array<{ serialNumber: string; apps: number }>;
    const deviceTable = tableIn((await runCli(['devices'], env)).stdout, 'serialNumber');
    expect(deviceTable).toEqual(devices.map((d) => ({ serialNumber: d.serialNumber, apps: String(d.apps) })));
  });

  it('refuses bad input with exit 2', async () => {
    expect((await runCli(['holders'], env)).code).toBe(2);
    expect((await runCli(['holdings', '--user', 'a', '--serial', 'B'], env)).code).toBe(2);
    expect((await runCli(['reclaim'], env)).code).toBe(2);
    expect((await runCli(['retire'], env)).code).toBe(2);
  });
});

describe('vpp-desk deploy --serials', () => {
  it('assigns only the licenses available; the rest fail and exit 1', async () => {
    const file = path.join(home, 'serials.csv');
    await fs.writeFile(file, 'Serial Number\nCLI000000001\nCLI000000002\nCLI000000003\n');
    const dry = (await json([
      'deploy',
      '996000001',
      '--serials',
      `@${file}`,
      '--action',
      'required',
      '--dry-run',
      '--json',
    ])) as Record<string, unknown>;
    expect(dry).toMatchObject({ devices: 3, willAssign: 2, willFail: 1 });
    expect(sim.assignmentsFor('996000001')).toEqual([]);
    const r = await runCli(['deploy', '996000001', '--serials', `@${file}`, '--action', 'required', '--json'], env);
    expect(r.code).toBe(1);
    expect(
      sim
        .assignmentsFor('996000001')
        .map((a) => a.serialNumber)
        .sort(),
    ).toEqual(['CLI000000001', 'CLI000000002']);
    expect(sim.asset('996000001')).toMatchObject({ availableCount: 0, assignedCount: 2 });
  });
});

describe('vpp-desk reclaim, revoke, retire', () => {
  it('reclaim --dry-run lists what is outside the roster and sends nothing; reclaim frees it', async () => {
    const apple = appleAssignments();
    const people = [...new Set(apple.map((a) => a.clientUserId).filter((x): x is string => !!x))];
    const serials = [...new Set(apple.map((a) => a.serialNumber).filter((x): x is string => !!x))];
    const out = { users: new Set(people.slice(0, 2)), devices: new Set(serials.slice(0, 1)) };
    const roster = path.join(home, 'roster.csv');
    await fs.writeFile(
      roster,
      [
        'clientUserId,serialNumber',
        ...people.slice(2).map((p) => `${p},`),
        ...serials.slice(1).map((s) => `,${s}`),
      ].join('\n'),
    );
    const outside = apple.filter((a) =>
      a.clientUserId ? out.users.has(a.clientUserId) : out.devices.has(a.serialNumber ?? ''),
    );
    const dry = (await json(['reclaim', '--roster', roster, '--dry-run', '--json'])) as Record<string, unknown>;
    expect(dry).toMatchObject({ holders: 3, licenses: outside.length, reclaimed: 0 });
    expect(appleAssignments()).toHaveLength(apple.length);

    const done = (await json(['reclaim', '--roster', roster, '--json'])) as { items: Array<{ outcome: string }> };
    expect(done).toMatchObject({ holders: 3, licenses: outside.length, reclaimed: outside.length, failed: 0 });
    expect(done.items.every((i) => i.outcome === 'done')).toBe(true);
    expect(appleAssignments()).toHaveLength(apple.length - outside.length);
  });

  it('revoke --serial and retire --user free what Apple says they free', async () => {
    const serial = appleAssignments().find((a) => a.serialNumber)?.serialNumber ?? '';
    const dry = (await json(['revoke', '--serial', serial, '--dry-run', '--json'])) as { licenses: number };
    expect(dry.licenses).toBeGreaterThan(0);
    const revoked = (await json(['revoke', '--serial', serial, '--json'])) as { reclaimed: number };
    expect(revoked.reclaimed).toBe(dry.licenses);
    expect(appleAssignments().filter((a) => a.serialNumber === serial)).toEqual([]);

    const user = appleAssignments().find((a) => a.clientUserId)?.clientUserId ?? '';
    const held = sim.assignmentsOfUser(user).length;
    const retired = (await json(['retire', '--user', user, '--json'])) as { reclaimed: number };
    expect(retired.reclaimed).toBe(held);
    expect(sim.user(user)?.status).toBe('Retired');
    expect(sim.assignmentsOfUser(user)).toEqual([]);
  });

  it('refuses offline with the reason, sending nothing', async () => {
    const user = appleAssignments().find((a) => a.clientUserId)?.clientUserId ?? '';
    const before = sim.assignmentsOfUser(user).length;
    const r = await runCli(['revoke', '--user', user], {
      ...env,
      VPP_DESK_API_URL: `http://127.0.0.1:${await closedPort()}/mdm/v2`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr, r.stdout).toMatch(/could not be reached|offline/i);
    expect(sim.assignmentsOfUser(user)).toHaveLength(before);
  });
});
