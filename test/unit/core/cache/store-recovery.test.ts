// A cache that cannot be bricked: missing, mangled or misdirected files are
// set aside (when present) and reported; what Apple can give back is read
// again by a full sync, and what it cannot comes back from the last good copy.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, Store } from '../../../../electron/core/cache/store';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';
import type { CacheData } from '../../../../electron/core/cache/schema';

const dir = tempDirs();

const LAST_GOOD = 'vpp-desk-cache.last-good.json';
/** Snapshot manifests (the file the main file names); each names one part file per collection. */
const snapshots = async (home: string) =>
  (await fs.readdir(home)).filter((f) => /^vpp-desk-snapshot-[^.]+\.json$/.test(f));
const partOf = async (home: string, collection: string) =>
  (await fs.readdir(home)).find((f) => f.startsWith('vpp-desk-snapshot-') && f.endsWith(`.${collection}.json`));

/** A cache with a bit of everything: Apple's data (snapshot) and what only VPP Desk knows (main file). */
async function seeded(home: string): Promise<Store> {
  const store = await Store.open(home, new ManualClock());
  await store.update(
    (d: CacheData) => {
      d.users = [
        { clientUserId: 'u1', email: null, status: 'Associated', inviteCode: null, idHash: 'h', managedAppleId: null },
      ];
      d.sync.versions = { assets: 'a', users: 'b', assignments: 'c' };
      d.sync.intervalHours = 6;
      d.appNames['1'] = 'Keynote';
      d.deployments.push({
        adamId: '1',
        pricingParam: 'STDQ',
        clientUserId: 'u1',
        action: 'required',
        state: 'assigned',
        reason: null,
        createdAt: '2026-11-24T09:00:00.000Z',
        updatedAt: '2026-11-24T09:00:00.000Z',
        journalId: null,
      });
      store.log('deployment', 'Deployed Keynote to 1 user.', d);
    },
    { snapshot: true },
  );
  return store;
}

async function expectKept(store: Store): Promise<void> {
  expect(store.data.deployments.map((r) => r.clientUserId)).toEqual(['u1']);
  expect(store.data.appNames['1']).toBe('Keynote');
  expect(store.data.sync.intervalHours).toBe(6);
  expect((await store.activity()).some((a) => a.message === 'Deployed Keynote to 1 user.')).toBe(true);
}

describe('Store recovery', () => {
  it('opens after its snapshot file was deleted, says so, and makes the next sync a full one', async () => {
    const home = await dir();
    await seeded(home);
    const [snap] = await snapshots(home);
    await fs.rm(path.join(home, snap as string));

    const again = await Store.open(home, new ManualClock());
    expect(again.notices.map((n) => n.message)).toEqual([
      expect.stringMatching(/snapshot .* was missing; .*next sync/),
    ]);
    expect(again.data.users).toEqual([]);
    expect(again.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    await expectKept(again);
    // And it keeps working: writes succeed and the cache opens cleanly next time.
    await again.update((d) => void (d.appNames['2'] = 'Pages'), { snapshot: true });
    const third = await Store.open(home, new ManualClock());
    expect(third.notices).toEqual([]);
    expect(third.data.appNames['2']).toBe('Pages');
  });

  it.each([
    [
      'sync.history as a string',
      (m: Record<string, unknown>) => ({ ...m, sync: { ...(m.sync as object), history: 'x' } }),
    ],
    ['a null activity entry', (m: Record<string, unknown>) => ({ ...m, activity: [null] })],
    ['a null journal entry', (m: Record<string, unknown>) => ({ ...m, journal: [null] })],
    ['a deployment without a user', (m: Record<string, unknown>) => ({ ...m, deployments: [{ adamId: '1' }] })],
  ])('treats a main file with %s as unreadable and restores the last good copy', async (_name, mangle) => {
    const home = await dir();
    await seeded(home);
    const file = path.join(home, CACHE_FILE);
    const good = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify(mangle(good)));

    const again = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12Z')));
    expect(again.notices[0]?.message).toMatch(
      /unreadable \(its .*\)\. It was kept as .*restored from its last good copy/,
    );
    expect((await fs.readdir(home)).some((f) => f.startsWith(`${CACHE_FILE}.corrupt-2026-11-24T10-11-12`))).toBe(true);
    await expectKept(again);
    expect(again.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
  });

  it('treats a snapshot row of nulls as unreadable, sets it aside and keeps everything else', async () => {
    const home = await dir();
    await seeded(home);
    const part = await partOf(home, 'users');
    const file = path.join(home, part as string);
    const encoded = JSON.parse(await fs.readFile(file, 'utf8')) as { rows: unknown[][] };
    encoded.rows = [[null, null, null, null, null, null]];
    await fs.writeFile(file, JSON.stringify(encoded));

    const again = await Store.open(home, new ManualClock());
    // Parts are read when first used: the users part is found unreadable here.
    expect(again.data.users).toEqual([]);
    expect(again.notices[0]?.message).toMatch(
      /snapshot of users was unreadable \(its "users\.0\.clientUserId" is not valid\)\. It was kept as .*corrupt/,
    );
    expect((await fs.readdir(home)).some((f) => f.startsWith(`${part}.corrupt-`))).toBe(true);
    expect(again.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    await expectKept(again);
  });

  it('restores a deleted main file from the last good copy', async () => {
    const home = await dir();
    await seeded(home);
    await fs.rm(path.join(home, CACHE_FILE));
    const again = await Store.open(home, new ManualClock());
    expect(again.notices[0]?.message).toMatch(/missing; .*restored from its last good copy/);
    await expectKept(again);
  });

  it('starts afresh and says so when neither the main file nor its copy can be read', async () => {
    const home = await dir();
    await seeded(home);
    await fs.writeFile(path.join(home, CACHE_FILE), '{');
    await fs.writeFile(path.join(home, LAST_GOOD), '{');
    const again = await Store.open(home, new ManualClock());
    expect(again.notices[0]?.message).toMatch(/unreadable \(it is not valid JSON\).*no good copy was left/);
    expect(again.data.deployments).toEqual([]);
  });

  it('never touches a file outside the data folder named as the snapshot', async () => {
    const parent = await dir();
    const home = path.join(parent, 'home');
    await seeded(home);
    const outside = path.join(parent, 'precious.txt');
    await fs.writeFile(outside, 'keep me');
    const file = path.join(home, CACHE_FILE);
    const main = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...main, snapshotFile: '../precious.txt' }));

    const again = await Store.open(home, new ManualClock());
    expect(again.notices[0]?.message).toMatch(/"\.\.\/precious\.txt" as its snapshot.*left alone/);
    expect(await fs.readFile(outside, 'utf8')).toBe('keep me');
    expect(await fs.readdir(parent)).toEqual(['home', 'precious.txt']);
    expect(again.data.users).toEqual([]);
    await expectKept(again);
  });

  it('sees another process write even when the file keeps the same modification time', async () => {
    const home = await dir();
    const a = await Store.open(home, new ManualClock());
    const b = await Store.open(home, new ManualClock());
    await a.update((d) => void (d.appNames['1'] = 'Keynote'));
    const file = path.join(home, CACHE_FILE);
    // Two writes within the file system's time resolution look alike by mtime.
    const sameTime = new Date('2026-11-24T09:00:00Z');
    await fs.utimes(file, sameTime, sameTime);
    await a.refresh();
    await b.update((d) => void (d.appNames['9'] = 'Pages'));
    await fs.utimes(file, sameTime, sameTime);
    await a.refresh();
    expect(a.data.appNames).toEqual({ '1': 'Keynote', '9': 'Pages' });
  });

  it('does not lose a change made by another store between its read and its write', async () => {
    const home = await dir();
    const a = await Store.open(home, new ManualClock());
    const b = await Store.open(home, new ManualClock());
    await Promise.all([
      a.update((d) => void (d.appNames['1'] = 'Keynote')),
      b.update((d) => void (d.appNames['2'] = 'Pages')),
      a.update((d) => void (d.appNames['3'] = 'Numbers')),
      b.update((d) => void (d.appNames['4'] = 'GarageBand')),
    ]);
    const again = await Store.open(home, new ManualClock());
    expect(Object.keys(again.data.appNames).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('leaves alone a young snapshot no main file names yet (another process may be writing it)', async () => {
    const home = await dir();
    await seeded(home);
    const young = 'vpp-desk-snapshot-99-abcdef01.json';
    await fs.writeFile(path.join(home, young), '{"codec":1');
    await Store.open(home, new ManualClock());
    expect(await snapshots(home)).toContain(young);
  });
});
