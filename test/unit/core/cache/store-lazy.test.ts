// Read only what is needed: the snapshot is one part file per collection,
// and a collection's file is read when first used, so listing apps or the
// token's status never parses the assignments.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call } from '../../../../electron/core/app';
import { createCore } from '../../../../electron/core/app/create-core';
import { blockingPartReads } from '../../../../electron/core/cache/collections';
import { Store } from '../../../../electron/core/cache/store';
import { MemoryVault } from '../../../../electron/core/token/vault';
import { asset, assignment, deployment, user } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const partOf = async (home: string, collection: string) =>
  (await fs.readdir(home)).find((f) => f.startsWith('vpp-desk-snapshot-') && f.endsWith(`.${collection}.json`));

async function seeded(home: string): Promise<void> {
  const store = await Store.open(home, new ManualClock());
  await store.update(
    (d) => {
      d.assets = [asset({ adamId: '1' }), asset({ adamId: '2' })];
      d.users = [user('u1'), user('u2'), user('u3')];
      d.assignments = [assignment('u1'), assignment('u2'), assignment('u3'), assignment('u1', { adamId: '2' })];
      d.sync.versions = { assets: 'a', users: 'b', assignments: 'c' };
    },
    { snapshot: true },
  );
}

/** Replaces a part with bytes no reader could parse. */
async function corrupt(home: string, collection: string): Promise<string> {
  const part = (await partOf(home, collection)) as string;
  await fs.writeFile(path.join(home, part), '{"codec":2,"rows":[[');
  return part;
}

describe('Store: collections read when first used', () => {
  it('opens and counts every collection without reading a part', async () => {
    const home = await dir();
    await seeded(home);
    await corrupt(home, 'assignments');
    await corrupt(home, 'users');

    const store = await Store.open(home, new ManualClock());
    expect(store.counts()).toEqual({ assets: 2, users: 3, assignments: 4 });
    expect(store.data.assets.map((a) => a.adamId)).toEqual(['1', '2']);
    expect(store.notices).toEqual([]);
    // A write that does not touch them keeps their parts as they are.
    await store.update((d) => void (d.appNames['1'] = 'Keynote'));
    expect(store.notices).toEqual([]);
    expect(store.data.sync.versions).toEqual({ assets: 'a', users: 'b', assignments: 'c' });
  });

  it('a snapshot change rewrites only the collections it read: users loaded before it keep their part', async () => {
    const home = await dir();
    await seeded(home);
    const store = await Store.open(home, new ManualClock());
    // Loaded beforehand (a deployment plans with them), then a change that reads only the assignments.
    expect(store.data.users).toHaveLength(3);
    const users = await partOf(home, 'users');
    const assignments = await partOf(home, 'assignments');
    await store.update((d) => void d.assignments.push(assignment('u3', { adamId: '2' })), { snapshot: true });
    expect(store.snapshotParts().parts.users?.file).toBe(users);
    expect(store.snapshotParts().parts.assignments?.file).not.toBe(assignments);
    // A change that reads the users (and may have changed them in place) writes them.
    await store.update((d) => void (d.users[0] && (d.users[0].status = 'Retired')), { snapshot: true });
    expect(store.snapshotParts().parts.users?.file).not.toBe(users);
    const reopened = await Store.open(home, new ManualClock());
    expect(reopened.data.assignments).toHaveLength(5);
    expect(reopened.data.users[0]?.status).toBe('Retired');
  });

  it('sets a part found unreadable at first use aside, says so, and makes the next sync a full one', async () => {
    const home = await dir();
    await seeded(home);
    const part = await corrupt(home, 'assignments');

    const store = await Store.open(home, new ManualClock());
    expect(store.data.users).toHaveLength(3);
    expect(store.data.assignments).toEqual([]);
    expect(store.notices[0]?.message).toMatch(/snapshot of assignments was unreadable .*next sync/);
    expect((await fs.readdir(home)).some((f) => f.startsWith(`${part}.corrupt-`))).toBe(true);
    await store.update(() => undefined);
    const again = await Store.open(home, new ManualClock());
    expect(again.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    expect(again.data.users).toHaveLength(3);
    expect(again.notices).toEqual([]);
  });

  it('reads back a snapshot written whole by an older version (codec 1) and rewrites it in parts', async () => {
    const home = await dir();
    await seeded(home);
    const main = JSON.parse(await fs.readFile(path.join(home, 'vpp-desk-cache.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const whole = 'vpp-desk-snapshot-1-0abc.json';
    await fs.writeFile(
      path.join(home, whole),
      JSON.stringify({
        codec: 1,
        columns: { assets: ['adamId'], users: ['clientUserId', 'status'], assignments: ['adamId', 'clientUserId'] },
        assets: [],
        users: [],
        assignments: [],
      }),
    );
    await fs.writeFile(path.join(home, 'vpp-desk-cache.json'), JSON.stringify({ ...main, snapshotFile: whole }));
    const store = await Store.open(home, new ManualClock());
    expect(store.data.assets).toEqual([]);
    await store.update((d) => void (d.assets = [asset({ adamId: '7' })]), { snapshot: true });
    const again = await Store.open(home, new ManualClock());
    expect(again.data.assets.map((a) => a.adamId)).toEqual(['7']);
    expect(await partOf(home, 'assets')).toBeDefined();
  });

  it('lists apps and the token status with the assignments and users files unreadable or gone', async () => {
    const home = await dir();
    await seeded(home);
    // VPP Desk's own count per app comes from its deployment rows in the main file, not from Apple's assignments.
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => {
      d.assets = [asset({ adamId: '1', assignedCount: 3 }), asset({ adamId: '2', assignedCount: 1 })];
      d.deployments = [
        deployment('u1', { adamId: '1' }),
        deployment('u2', { adamId: '1' }),
        deployment('u3', { adamId: '1', state: 'failed', reason: 'No licenses available.' }),
        deployment('u1', { adamId: '2', state: 'assigning' }),
      ];
    });
    const assignmentsPart = await corrupt(home, 'assignments');
    const usersPart = await corrupt(home, 'users');
    const core = await createCore({
      config: { dataDir: home, apiUrl: 'http://127.0.0.1:9', keychainService: 'lazy-test' },
      transport: 'cli',
      vault: new MemoryVault(),
      version: '0.0.0-test',
    });
    try {
      const apps = await call(core.handlers, 'apps:query', { limit: 50 });
      expect(apps.rows.map((r) => [r.adamId, r.deploymentCount, r.vppDeskAssigned]).sort()).toEqual([
        ['1', 3, 2],
        ['2', 1, 0],
      ]);
      await call(core.handlers, 'token:status', {});
      // Had either part been read, it would have been found unreadable and set aside.
      const files = await fs.readdir(home);
      expect(files).toContain(assignmentsPart);
      expect(files).toContain(usersPart);
      expect(files.some((f) => f.includes('.corrupt-'))).toBe(false);
    } finally {
      await core.stop();
    }
  });

  it('reads collections ahead (readCollections) so that using them blocks no more: the same rows, no blocking read', async () => {
    const home = await dir();
    await seeded(home);
    const store = await Store.open(home, new ManualClock());
    const before = blockingPartReads();
    await store.readCollections(['users', 'assignments']);
    expect(store.data.users.map((u) => u.clientUserId)).toEqual(['u1', 'u2', 'u3']);
    expect(store.data.assignments).toHaveLength(4);
    expect(blockingPartReads()).toBe(before);
    // The control: a collection used without reading it ahead is read by the getter, in one call.
    const other = await Store.open(home, new ManualClock());
    expect(other.data.assignments).toHaveLength(4);
    expect(blockingPartReads()).toBe(before + 1);
  });

  it('reading ahead a part found unreadable sets it aside and says so, as the getter does', async () => {
    const home = await dir();
    await seeded(home);
    const part = await corrupt(home, 'assignments');
    const store = await Store.open(home, new ManualClock());
    await store.readCollections(['assignments', 'users']);
    expect(store.data.assignments).toEqual([]);
    expect(store.data.users).toHaveLength(3);
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]?.message).toMatch(/snapshot of assignments was unreadable .*next sync/);
    expect((await fs.readdir(home)).some((f) => f.startsWith(`${part}.corrupt-`))).toBe(true);
  });
});
