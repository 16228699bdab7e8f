// `vpp-desk alerts`, `history`, `activity` filters and `report` as a monitoring script runs them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { runCli } from '../helpers/cli';
import { freshApp } from '../helpers/org';
import { shownAs, tableIn } from '../helpers/table';
import { tempDir } from '../helpers/tmp';

let sim: Simulator;
let home: string;
let env: Record<string, string>;
const adamId = '994000001';

beforeAll(async () => {
  // Every seeded app gets room under a 0-left rule, so only the app the test sets up can alert.
  sim = await startSimulator({ seed: 8, apps: 3, users: 40, assignments: 5, eventDelayMs: 10 });
  home = await tempDir();
  env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-cliinsight-${process.pid}`,
  };
  await fs.writeFile(path.join(home, 't.vpptoken'), sim.issueToken());
  const imported = await runCli(
    ['token', 'import', path.join(home, 't.vpptoken'), '--apple-id', 'a@b.c', '--accept-account-lock'],
    env,
  );
  expect(imported.code, imported.stderr).toBe(0);
  freshApp(sim, 50, adamId);
  const sync = await runCli(['sync'], env);
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(async () => {
  await runCli(['token', 'remove'], env);
  await sim.close();
  await fs.rm(home, { recursive: true, force: true });
});

const alerts = async () => {
  const r = await runCli(['alerts', '--json'], env);
  return { code: r.code, rows: JSON.parse(r.stdout) as Array<Record<string, unknown>> };
};

describe('vpp-desk alerts', () => {
  it('exits 0 when no app is low and 3 when one is, with the documented JSON shape', async () => {
    const none = await runCli(['alerts', '--set', '0'], env);
    expect(none.code, none.stderr).toBe(0);
    const quiet = await alerts();
    expect(quiet.rows.filter((a) => a.available !== 0)).toEqual([]);
    const onlySoldOut = quiet.rows.length > 0;

    // 100 % makes every app with licenses low, ours (50 of 50 free) included.
    expect((await runCli(['alerts', '--set', '100%'], env)).code).toBe(0);
    const low = await alerts();
    expect(low.code).toBe(3);
    expect(low.rows.find((a) => a.adamId === adamId)).toEqual({
      adamId,
      pricingParam: 'STDQ',
      name: expect.any(String) as string,
      available: 50,
      purchased: 50,
      threshold: 50,
      runsOutInDays: null,
    });
    const human = await runCli(['alerts'], env);
    expect(human.code).toBe(3);
    expect(human.stdout.split('\n')[0]).toMatch(/^\d+ apps? (is|are) low on licenses/);
    const table = tableIn(human.stdout, 'adamId');
    expect(table).toHaveLength(low.rows.length);
    expect(table.find((a) => a.adamId === adamId)).toEqual({
      adamId,
      pricingParam: 'STDQ',
      name: shownAs(String(low.rows.find((a) => a.adamId === adamId)?.name), 30),
      available: '50',
      purchased: '50',
      threshold: '50',
      runsOutInDays: '',
    });
    expect((await runCli(['alerts', '--set', '0'], env)).code).toBe(0);
    expect((await alerts()).code).toBe(onlySoldOut ? 3 : 0);
  });

  it('refuses a rule that is neither N nor N% (exit 2)', async () => {
    const bad = await runCli(['alerts', '--set', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/N \(licenses left\) or N%/);
  });
});

describe('vpp-desk history, activity and report', () => {
  it('history has a row per app per sync that changed it, as JSON and CSV', async () => {
    const rows = JSON.parse((await runCli(['history', '--app', adamId, '--json'], env)).stdout) as unknown[];
    expect(rows).toEqual([
      { at: expect.any(String) as string, adamId, pricingParam: 'STDQ', purchased: 50, used: 0, available: 50 },
    ]);
    const csv = (await runCli(['history', '--csv'], env)).stdout.split('\n');
    expect(csv[0]).toBe('at,adamId,pricingParam,purchased,used,available');
    const human = tableIn((await runCli(['history', '--app', adamId], env)).stdout, 'at');
    const apps = JSON.parse((await runCli(['apps', '--json'], env)).stdout) as Array<{ adamId: string; name: string }>;
    const [row] = rows as Array<{ at: string }>;
    expect(human).toEqual([
      {
        at: shownAs(row?.at ?? ''),
        adamId,
        app: shownAs(apps.find((a) => a.adamId === adamId)?.name ?? '', 30),
        pricingParam: 'STDQ',
        purchased: '50',
        used: '0',
        available: '50',
      },
    ]);
  });

  it('activity filters by kind and source and prints the audit fields', async () => {
    const r = await runCli(['activity', '--kind', 'low-stock', '--source', 'cli', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        ['at', 'kind', 'source', 'actor', 'adamId', 'clientUserId', 'serialNumber', 'message'].sort(),
      );
      expect(row).toMatchObject({ kind: 'low-stock', source: 'cli' });
    }
    expect((await runCli(['activity', '--source', 'nowhere'], env)).code).toBe(2);
  });

  it('report --out writes one HTML page', async () => {
    const out = path.join(home, 'report.html');
    const r = await runCli(['report', '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const html = await fs.readFile(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(adamId);
  });
});
