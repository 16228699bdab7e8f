// VPP Desk's own deployment rows live in a part file the main file names, not in the main file: a million rows
// there made every write of it (each step of a deployment, each sync) a 4 s block of the window's thread and every
// start a 3.5 s parse. Written when a change read them, read when first used, and never lost without a sentence.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../electron/core/app';
import { blockingPartReads } from '../../../../electron/core/cache/collections';
import { CACHE_FILE, Store } from '../../../../electron/core/cache/store';
import { asset, deployment } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { withOfflineCore } from '../../../helpers/offline-core';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

interface MainOnDisk {
  schemaVersion: number;
  deployments?: unknown;
  deploymentsPart: { file: string; rows: number; sha256?: string; changes?: { rows: number } } | null;
  journal: unknown[];
}

const mainOf = async (home: string) => JSON.parse(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')) as MainOnDisk;
const deploymentParts = async (home: string) =>
  (await fs.readdir(home)).filter((f) => f.startsWith('vpp-desk-snapshot-') && f.endsWith('.deployments.json'));

const ROWS = [deployment('u1'), deployment('u2', { state: 'failed', reason: 'No licenses available.' })];

async function seeded(home: string): Promise<Store> {
  const store = await Store.open(home, new ManualClock());
  await store.update((d) => void d.deployments.push(...ROWS.map((r) => ({ ...r }))));
  return store;
}

describe('Store: deployment rows in a part file of their own', () => {
  it('writes the rows to a part the main file names, and the main file holds none', async () => {
    const home = await dir();
    await seeded(home);
    const main = await mainOf(home);
    expect(main.deployments).toBeUndefined();
    expect(main.deploymentsPart).toMatchObject({ rows: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await deploymentParts(home)).toEqual([main.deploymentsPart?.file]);

    const again = await Store.open(home, new ManualClock());
    expect(again.data.deployments).toEqual(ROWS);
  });

  it('writes nothing of the rows for a change that did not edit them, and appends the rows one edited', async () => {
    const home = await dir();
    const store = await seeded(home);
    const first = (await mainOf(home)).deploymentsPart;
    const reopened = await Store.open(home, new ManualClock());
    await reopened.update((d) => void (d.appNames['1'] = 'Keynote'));
    // Looked at, not edited: as a sync's check of the rows that finds nothing out of step.
    await reopened.update((d) => void d.deployments.filter((r) => r.state === 'failed'));
    expect((await mainOf(home)).deploymentsPart).toEqual(first);

    await reopened.update((d) => {
      const row = d.deployments[0];
      if (row) row.state = 'reclaimed';
    });
    const after = (await mainOf(home)).deploymentsPart;
    // The part is kept; the edited row is one line in its changes file.
    expect(after).toMatchObject({ file: first?.file, sha256: first?.sha256, rows: 2, changes: { rows: 1 } });
    expect(await deploymentParts(home)).toEqual([first?.file]);
    expect((await Store.open(home, new ManualClock())).data.deployments.map((r) => r.state)).toEqual([
      'reclaimed',
      'failed',
    ]);
    await store.flush();
  });

  it('opens a cache of schema 1 with its rows in the main file, and moves them to a part with the next write', async () => {
    const home = await dir();
    await seeded(home);
    const main = await mainOf(home);
    await fs.writeFile(
      path.join(home, CACHE_FILE),
      JSON.stringify({ ...main, schemaVersion: 1, deploymentsPart: undefined, deployments: ROWS }),
    );
    const store = await Store.open(home, new ManualClock());
    expect(store.data.deployments).toEqual(ROWS);
    expect(store.notices).toEqual([]);
    await store.update((d) => void (d.appNames['1'] = 'Keynote'));
    const written = await mainOf(home);
    expect(written.schemaVersion).toBe(2);
    expect(written.deployments).toBeUndefined();
    expect(written.deploymentsPart?.rows).toBe(2);
    expect((await Store.open(home, new ManualClock())).data.deployments).toEqual(ROWS);
  });

  it('a missing part: the rows are empty, the admin is told, and everything else is kept', async () => {
    const home = await dir();
    await seeded(home);
    await fs.rm(path.join(home, (await deploymentParts(home))[0] as string));
    const store = await Store.open(home, new ManualClock());
    expect(store.data.deployments).toEqual([]);
    expect(store.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/list of deployments \(vpp-desk-snapshot-.*\.deployments\.json\) was missing/),
    ]);
    expect((await store.activity()).some((a) => /list of deployments .* was missing/.test(a.message))).toBe(true);
    // The sync's state is Apple's and stays: the next sync is not made a full one for it.
    expect((await mainOf(home)).deploymentsPart).toBeNull();
  });

  it('an unreadable part is set aside under a dated name and told, when first read', async () => {
    const home = await dir();
    await seeded(home);
    const part = (await deploymentParts(home))[0] as string;
    await fs.writeFile(path.join(home, part), '{"codec":2,"rows":[[');
    const store = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12Z')));
    expect(store.notices).toEqual([]);
    await store.readCollections(['deployments']);
    expect(store.data.deployments).toEqual([]);
    expect(store.notices[0]?.message).toMatch(
      /list of deployments was unreadable \(.*\)\. It was kept as .*\.corrupt-2026-11-24T10-11-12-000Z; the Deployments page starts empty/,
    );
    expect(await fs.readFile(path.join(home, `${part}.corrupt-2026-11-24T10-11-12-000Z`), 'utf8')).toBe(
      '{"codec":2,"rows":[[',
    );
  });

  it('a part name reaching outside the data folder is refused, and the last good copy restores the rows', async () => {
    const parent = await dir();
    const home = path.join(parent, 'home');
    await seeded(home);
    const main = await mainOf(home);
    await fs.writeFile(
      path.join(home, CACHE_FILE),
      JSON.stringify({ ...main, deploymentsPart: { file: '../precious.deployments.json', rows: 1 } }),
    );
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toMatch(
      /deployments file reference is not valid.*restored from its last good copy/,
    );
    expect(store.data.deployments).toEqual(ROWS);
  });

  it('sweeps old deployment parts left behind, but never the one the last good copy names', async () => {
    const home = await dir();
    const store = await seeded(home);
    const named = (await mainOf(home)).deploymentsPart?.file as string;
    // The last good copy as a failed copy after a write leaves it: naming the part before, the main file a newer one.
    await fs.copyFile(path.join(home, CACHE_FILE), path.join(home, 'vpp-desk-cache.last-good.json'));
    const lastGoodText = await fs.readFile(path.join(home, 'vpp-desk-cache.last-good.json'), 'utf8');
    await store.update((d) => void d.deployments.push(deployment('u3')));
    await fs.writeFile(path.join(home, 'vpp-desk-cache.last-good.json'), lastGoodText);
    const orphan = 'vpp-desk-snapshot-1-00000000.deployments.json';
    await fs.writeFile(path.join(home, orphan), '{}');
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const f of await deploymentParts(home)) await fs.utimes(path.join(home, f), longAgo, longAgo);

    await Store.open(home, new ManualClock());
    const left = await deploymentParts(home);
    expect(left).not.toContain(orphan);
    expect(left).toContain(named);
    expect(left).toContain((await mainOf(home)).deploymentsPart?.file);
  });

  it("counts the rows per app in their part's reference, which the apps list reads instead of the rows", async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update(
      (d) => {
        d.assets = [asset({ adamId: '100', assignedCount: 5 }), asset({ adamId: '200', assignedCount: 3 })];
        d.deployments.push(...ROWS.map((r) => ({ ...r })), deployment('u3', { adamId: '200', state: 'assigned' }));
      },
      { snapshot: true },
    );
    const reopened = await Store.open(home, new ManualClock());
    expect(reopened.deploymentCounts()).toEqual({
      rows: { '100|STDQ': 2, '200|STDQ': 1 },
      assigned: { '100|STDQ': 1, '200|STDQ': 1 },
    });
    const apps = () =>
      withOfflineCore(home, 'store-deployments-test', async (core) => {
        const page = await call(core.handlers, 'apps:query', { limit: 10 });
        return page.rows.map((r) => [r.adamId, r.deploymentCount, r.vppDeskAssigned]);
      });
    // The same counts as from the rows, without reading them: the part is unreadable and nobody notices.
    const fromRows = await apps();
    await fs.writeFile(path.join(home, (await deploymentParts(home))[0] as string), 'not a part');
    expect(await apps()).toEqual(fromRows);
    expect(fromRows).toEqual([
      ['100', 2, 1],
      ['200', 1, 1],
    ]);
    // Rows in memory may have changed since the part was written: counted from them.
    await reopened.readCollections(['deployments']);
    expect(reopened.deploymentCounts()).toBeNull();
  });

  it('reads the rows ahead without a blocking read (readCollections)', async () => {
    const home = await dir();
    await seeded(home);
    const store = await Store.open(home, new ManualClock());
    const before = blockingPartReads();
    await store.readCollections(['deployments']);
    expect(store.data.deployments).toHaveLength(2);
    expect(blockingPartReads()).toBe(before);
  });
});
