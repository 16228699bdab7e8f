import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED, rememberSecret } from '../../../../electron/core/base';
import { encodeRow, writeEncodedPart } from '../../../../electron/core/cache';
import { SCHEMA_VERSION, type CacheData } from '../../../../electron/core/cache/schema';
import { ACTIVITY_CAP, CACHE_FILE, Store } from '../../../../electron/core/cache/store';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const user1 = {
  clientUserId: 'u1',
  email: null,
  status: 'Associated',
  inviteCode: null,
  idHash: 'h',
  managedAppleId: null,
};

/** A store with one user in its snapshot and versions set, as after a sync; `also` adds to the same write. */
async function seeded(home: string, also: (d: CacheData) => void = () => undefined): Promise<Store> {
  const store = await Store.open(home, new ManualClock());
  await store.update(
    (d) => {
      d.users = [user1];
      d.sync.versions = { assets: 'a', users: 'b', assignments: 'c' };
      also(d);
    },
    { snapshot: true },
  );
  return store;
}

describe('Store', () => {
  it('starts empty, writes atomically and reads back', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => {
      d.appNames['1'] = 'Keynote';
    });
    const again = await Store.open(home, new ManualClock());
    expect(again.data.appNames['1']).toBe('Keynote');
    expect(again.data.schemaVersion).toBe(SCHEMA_VERSION);
    const files = await fs.readdir(home);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('sets a corrupt file aside with the time in its name and says so', async () => {
    const home = await dir();
    await fs.writeFile(path.join(home, CACHE_FILE), '{"schemaVersion": 1, "assets": [tru');
    const store = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12Z')));
    const files = await fs.readdir(home);
    const aside = files.find((f) => f.startsWith(`${CACHE_FILE}.corrupt-2026-11-24T10-11-12`));
    expect(aside).toBeDefined();
    expect(await fs.readFile(path.join(home, aside as string), 'utf8')).toBe('{"schemaVersion": 1, "assets": [tru');
    expect(store.notices[0]?.message).toMatch(/unreadable \(it is not valid JSON\).*kept as/);
    expect((await store.activity()).some((a) => a.kind === 'cache')).toBe(true);
  });

  it('refuses a cache from a newer version rather than guessing', async () => {
    const home = await dir();
    // A file with content, so "nothing was read from it" is not merely what any empty store shows.
    const newer = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, appNames: { '7': 'Numbers' }, jobs: [] });
    await fs.writeFile(path.join(home, CACHE_FILE), newer);
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toMatch(/newer VPP Desk/);
    expect(store.data.appNames).toEqual({});
    // Nothing of the newer version's data is lost: it is kept aside byte for byte.
    const aside = (await fs.readdir(home)).filter((f) => f.startsWith(`${CACHE_FILE}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(await fs.readFile(path.join(home, aside[0] as string), 'utf8')).toBe(newer);
  });

  it('refuses a wrong shape (a list where an object belongs)', async () => {
    const home = await dir();
    await fs.writeFile(path.join(home, CACHE_FILE), JSON.stringify({ schemaVersion: 1, deployments: 'oops' }));
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toMatch(/"deployments" is not a list/);
  });

  it.each([
    ['appNames', { '1': 'Keynote', '2': 7 }, 'appNames.2'],
    [
      'deployments',
      [{ adamId: '1', clientUserId: 'u', action: 'required', state: 5, reason: null, journalId: null }],
      'deployments.0.state',
    ],
    [
      'journal',
      [{ id: 'j', kind: 'associate', status: 'sent', clientUserIds: ['u', null] }],
      'journal.0.clientUserIds.1',
    ],
    // Migration fills entries in (null becomes {}), so the first missing field is named.
    ['activity', [{ at: 'now', kind: 'sync', message: 'ok' }, null], 'activity.1.at'],
  ])('sets aside a main file whose %s holds a bad entry, naming where', async (list, value, where) => {
    const home = await dir();
    // A valid file (written by the store) with one list spoilt.
    await (await Store.open(home, new ManualClock())).update((d) => void (d.appNames['1'] = 'Keynote'));
    const file = path.join(home, CACHE_FILE);
    const main = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...main, [list]: value }));
    await fs.rm(path.join(home, 'vpp-desk-cache.last-good.json'));
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toContain(`unreadable (its "${where}" is not valid)`);
  });

  it('keeps the bulk in a snapshot rewritten only when it changes, and swaps it atomically', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update(
      (d) => {
        d.users = [
          {
            clientUserId: 'u1',
            email: null,
            status: 'Associated',
            inviteCode: null,
            idHash: 'h',
            managedAppleId: null,
          },
        ];
      },
      { snapshot: true },
    );
    // Manifests: the file the main file names (each names one part file per collection).
    const snapshots = async () => (await fs.readdir(home)).filter((f) => /^vpp-desk-snapshot-[^.]+\.json$/.test(f));
    const [first] = await snapshots();
    expect(first).toBeDefined();
    await store.update((d) => {
      d.appNames['1'] = 'Keynote';
    });
    expect(await snapshots()).toEqual([first]);
    await store.update(
      (d) => {
        d.users = [];
      },
      { snapshot: true },
    );
    const [second] = await snapshots();
    expect(second).not.toBe(first);
    expect(await snapshots()).toHaveLength(1);
    // A snapshot written but never switched to (a crash in between) is ignored and removed.
    await fs.writeFile(
      path.join(home, 'vpp-desk-snapshot-1-orphan.json'),
      JSON.stringify({ assets: [], users: [{ clientUserId: 'ghost' }], assignments: [] }),
    );
    // Left by a crash long ago: younger orphans may belong to a process still writing.
    const longAgo = new Date(Date.now() - 60 * 60_000);
    await fs.utimes(path.join(home, 'vpp-desk-snapshot-1-orphan.json'), longAgo, longAgo);
    const again = await Store.open(home, new ManualClock());
    expect(again.data.users).toEqual([]);
    expect(await snapshots()).toEqual([second]);
  });

  it('sets an unreadable snapshot aside and forces the next sync to read everything', async () => {
    const home = await dir();
    await seeded(home, (d) => void (d.appNames['1'] = 'Keynote'));
    const [snap] = (await fs.readdir(home)).filter((f) => f.startsWith('vpp-desk-snapshot-'));
    await fs.writeFile(path.join(home, snap as string), '{"assets": [');
    const again = await Store.open(home, new ManualClock());
    expect(again.data.users).toEqual([]);
    expect(again.data.appNames['1']).toBe('Keynote');
    expect(again.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    expect(again.notices[0]?.message).toMatch(/kept as vpp-desk-snapshot-.*corrupt/);
    expect((await fs.readdir(home)).some((f) => f.includes('.corrupt-'))).toBe(true);
  });

  it('picks up a write made by another process', async () => {
    const home = await dir();
    const file = path.join(home, CACHE_FILE);
    // Whole seconds, so the pinned mtime is exactly the same value both times.
    const pinned = new Date('2026-11-24T09:00:00Z');
    const a = await Store.open(home, new ManualClock());
    await a.update((d) => {
      d.appNames['1'] = 'Keynote';
    });
    await fs.utimes(file, pinned, pinned);
    await a.refresh(); // a has now seen the file with that mtime
    const b = await Store.open(home, new ManualClock());
    await b.update((d) => {
      d.appNames['9'] = 'Pages';
    });
    // Same mtime as before the write (a coarse clock or a fast machine gives that): detection must not rely on it.
    await fs.utimes(file, pinned, pinned);
    const before = a.generation;
    await a.refresh();
    expect(a.data.appNames['9']).toBe('Pages');
    expect(a.generation).toBeGreaterThan(before);
  });

  it("runs an update's prepare on the latest data, with no other change between it and the change", async () => {
    const home = await dir();
    const a = await Store.open(home, new ManualClock());
    const b = await Store.open(home, new ManualClock());
    await b.update((d) => {
      d.appNames['9'] = 'Pages';
    });
    const seen: string[] = [];
    const first = a.update(
      (d) => {
        seen.push(`change at generation ${a.generation}`);
        d.appNames['1'] = 'Keynote';
      },
      {
        prepare: async () => {
          // Another process's write is loaded first; then turns pass with another update waiting in this process.
          seen.push(`prepare sees ${a.data.appNames['9'] ?? 'nothing'} at generation ${a.generation}`);
          for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        },
      },
    );
    const second = a.update((d) => {
      seen.push('the other update');
      d.appNames['2'] = 'Numbers';
    });
    await Promise.all([first, second]);
    const at = seen[0]?.split(' ').pop();
    expect(seen).toEqual([`prepare sees Pages at generation ${at}`, `change at generation ${at}`, 'the other update']);
    expect(a.data.appNames).toMatchObject({ '1': 'Keynote', '2': 'Numbers', '9': 'Pages' });
  });
});

describe('Store activity log', () => {
  it('stamps each entry with the clock, the process defaults or the caller’s detail, and redacts the token', async () => {
    const home = await dir();
    const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
    const store = await Store.open(home, clock);
    store.activityDefaults = { source: 'cli', actor: 'ann' };
    rememberSecret('secret-token-0123456789');
    await store.update((d) => {
      store.log('deployment', 'Sent with secret-token-0123456789 in the message.', d);
      store.log('license-assigned', 'Assigned.', d, {
        source: 'window',
        actor: null,
        adamId: '100',
        clientUserId: 'u1',
        serialNumber: 'SN1',
      });
    });
    const again = await Store.open(home, clock);
    expect(await again.activity()).toEqual([
      {
        at: '2026-11-24T10:00:00.000Z',
        kind: 'deployment',
        message: `Sent with ${REDACTED} in the message.`,
        source: 'cli',
        actor: 'ann',
        adamId: null,
        clientUserId: null,
        serialNumber: null,
      },
      {
        at: '2026-11-24T10:00:00.000Z',
        kind: 'license-assigned',
        message: 'Assigned.',
        // An explicit null actor is kept, not replaced by the default.
        source: 'window',
        actor: null,
        adamId: '100',
        clientUserId: 'u1',
        serialNumber: 'SN1',
      },
    ]);
  });

  it(`keeps the newest ${ACTIVITY_CAP} entries, dropping the oldest`, async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => {
      for (let i = 0; i < ACTIVITY_CAP + 2; i++) store.log('cache', `entry ${i}`, d);
    });
    expect(await store.activity()).toHaveLength(ACTIVITY_CAP);
    expect((await store.activity())[0]?.message).toBe('entry 2');
    expect((await store.activity()).at(-1)?.message).toBe(`entry ${ACTIVITY_CAP + 1}`);
  });
});

describe('Store files', () => {
  it('names its main file and the part files in force, and bumps its generation on each update', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    expect(store.path).toBe(path.join(home, CACHE_FILE));
    expect(store.snapshotParts()).toEqual({ dir: home, parts: {} });
    const g = store.generation;
    await store.update(
      (d) => {
        d.users = [
          {
            clientUserId: 'u1',
            email: null,
            status: 'Associated',
            inviteCode: null,
            idHash: 'h',
            managedAppleId: null,
          },
        ];
      },
      { snapshot: true },
    );
    expect(store.generation).toBe(g + 1);
    const { dir: partsDir, parts } = store.snapshotParts();
    expect(partsDir).toBe(home);
    expect(parts.users?.file).toMatch(/^vpp-desk-snapshot-.*\.users\.json$/);
    expect(await fs.readdir(home)).toContain(parts.users?.file);
    await store.flush();
  });

  it('says which part went missing when it is first used, and makes the next sync a full one', async () => {
    const home = await dir();
    await seeded(home);
    const store = await Store.open(home, new ManualClock());
    const part = (await fs.readdir(home)).find((f) => f.endsWith('.users.json')) as string;
    await fs.rm(path.join(home, part));

    expect(store.data.users).toEqual([]);
    expect(store.notices).toEqual([
      {
        kind: 'corrupt-cache',
        message: `The local cache's snapshot of users (${part}) was missing; apps, users and assignments will be read again from Apple at the next sync, and nothing else was lost.`,
      },
    ]);
    expect((await store.activity()).at(-1)?.message).toBe(store.notices[0]?.message);
    expect(store.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    // Nothing was there to set aside.
    expect((await fs.readdir(home)).some((f) => f.includes('.corrupt-'))).toBe(false);
  });

  it('sets an unreadable last good copy aside too when the main file cannot be read either', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => void (d.appNames['1'] = 'Keynote'));
    await fs.writeFile(path.join(home, CACHE_FILE), '{');
    await fs.writeFile(path.join(home, 'vpp-desk-cache.last-good.json'), '[');
    const again = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12Z')));
    const files = await fs.readdir(home);
    expect(files.filter((f) => f.includes('.corrupt-2026-11-24T10-11-12')).sort()).toEqual([
      expect.stringMatching(/^vpp-desk-cache\.json\.corrupt-/),
      expect.stringMatching(/^vpp-desk-cache\.last-good\.json\.corrupt-/),
    ]);
    expect(again.data.appNames).toEqual({});
    // A fresh main file and last good copy were written in their place.
    const reopened = await Store.open(home, new ManualClock());
    expect(reopened.notices).toEqual([]);
  });
});

describe('Store load and write decisions', () => {
  const mainOnDisk = async (home: string) =>
    JSON.parse(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')) as {
      revision: number;
      snapshotFile: string | null;
      sync: { versions: Record<string, string | null> };
    };
  const manifests = async (home: string) =>
    (await fs.readdir(home)).filter((f) => /^vpp-desk-snapshot-[^.]+\.json$/.test(f));

  it('a refresh reloads nothing while nothing was written, and reloads once the file is gone', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    const g = store.generation;
    await store.refresh();
    expect(store.generation).toBe(g);
    await store.update((d) => void (d.appNames['1'] = 'Keynote'));
    // Another process (or the admin) deleted the main file: read again, from the last good copy.
    await fs.rm(path.join(home, CACHE_FILE));
    await store.refresh();
    expect(store.notices.map((n) => n.message)).toEqual([expect.stringMatching(/missing; .*last good copy/)]);
    expect(store.data.appNames['1']).toBe('Keynote');
  });

  it('opening a sound cache, with a snapshot or without, writes nothing', async () => {
    const bare = await dir();
    const a = await Store.open(bare, new ManualClock());
    await a.update((d) => void (d.appNames['1'] = 'Keynote'));
    const withSnapshot = await dir();
    await seeded(withSnapshot);
    for (const home of [bare, withSnapshot]) {
      const before = await fs.readFile(path.join(home, CACHE_FILE), 'utf8');
      await Store.open(home, new ManualClock());
      expect(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')).toBe(before);
    }
  });

  it('gives a cache without a last good copy one when it opens', async () => {
    const home = await dir();
    await seeded(home);
    const lastGood = path.join(home, 'vpp-desk-cache.last-good.json');
    await fs.rm(lastGood);
    await Store.open(home, new ManualClock());
    expect(await fs.readFile(lastGood, 'utf8')).toBe(await fs.readFile(path.join(home, CACHE_FILE), 'utf8'));
  });

  it('saves at once that a missing snapshot was dropped, so the next open is clean', async () => {
    const home = await dir();
    await seeded(home);
    const [manifest] = await manifests(home);
    await fs.rm(path.join(home, manifest as string));
    await Store.open(home, new ManualClock());
    const main = await mainOnDisk(home);
    expect(main.snapshotFile).toBeNull();
    expect(main.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    expect((await Store.open(home, new ManualClock())).notices).toEqual([]);
  });

  it('saves at once that an unreadable or misdirected snapshot was dropped', async () => {
    const unreadable = await dir();
    await seeded(unreadable);
    const [manifest] = await manifests(unreadable);
    await fs.writeFile(path.join(unreadable, manifest as string), '{"codec":');
    const misdirected = await dir();
    await seeded(misdirected);
    const main = await mainOnDisk(misdirected);
    await fs.writeFile(
      path.join(misdirected, CACHE_FILE),
      JSON.stringify({ ...main, snapshotFile: '../elsewhere.json' }),
    );
    for (const home of [unreadable, misdirected]) {
      expect((await Store.open(home, new ManualClock())).notices).toHaveLength(1);
      expect((await mainOnDisk(home)).snapshotFile).toBeNull();
      expect((await Store.open(home, new ManualClock())).notices).toEqual([]);
    }
  });

  it('reports a part missing at open, replaces the manifest naming it, and keeps the other parts', async () => {
    const home = await dir();
    await seeded(home);
    const [manifest] = await manifests(home);
    const part = (await fs.readdir(home)).find((f) => f.endsWith('.users.json')) as string;
    await fs.rm(path.join(home, part));
    const store = await Store.open(home, new ManualClock());
    // Told at open, before anything read the users.
    expect(store.notices.map((n) => n.message)).toEqual([
      expect.stringContaining(`snapshot of apps, users and assignments (${manifest}) was missing`),
    ]);
    expect(store.data.sync.versions).toEqual({ assets: null, users: null, assignments: null });
    expect(await manifests(home)).not.toContain(manifest);
    expect((await mainOnDisk(home)).snapshotFile).not.toBe(manifest);
  });

  it('names a part set aside after the clock, with no colons or dots in the time', async () => {
    const home = await dir();
    await seeded(home);
    const part = (await fs.readdir(home)).find((f) => f.endsWith('.users.json')) as string;
    await fs.writeFile(path.join(home, part), '{"codec":2,"rows":[[');
    const store = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12.345Z')));
    expect(store.data.users).toEqual([]);
    expect(await fs.readdir(home)).toContain(`${part}.corrupt-2026-11-24T10-11-12-345Z`);
  });

  it('keeps rows pushed in place when the change is marked as a snapshot change', async () => {
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => void d.users.push({ ...user1, clientUserId: 'u2' }), { snapshot: true });
    const again = await Store.open(home, new ManualClock());
    expect(again.data.users.map((u) => u.clientUserId)).toEqual(['u1', 'u2']);
  });

  it('sweeps only old, unreferenced snapshot files and their old temp files: the parts in force, files set aside, a temp file being written and other files stay', async () => {
    const home = await dir();
    await seeded(home);
    const keep = (await fs.readdir(home)).filter((f) => f !== 'vpp-desk-cache.lock');
    const extra = {
      'notes.json': '{}',
      'vpp-desk-snapshot-1-old.json.corrupt-2026-01-01': 'kept aside',
      'vpp-desk-snapshot-1-old.txt': 'not a snapshot file',
      'vpp-desk-snapshot-2-orphan.json': '{}',
      'vpp-desk-snapshot-3-orphan.users.json': '{}',
      // A part's temp file a crash (or an exit before the worker removed it) left behind.
      '.vpp-desk-snapshot-4-gone.assignments.json.0a1b2c3d.tmp': 'half a part',
    };
    for (const [f, text] of Object.entries(extra)) await fs.writeFile(path.join(home, f), text);
    const longAgo = new Date(Date.now() - 60 * 60_000);
    for (const f of await fs.readdir(home)) await fs.utimes(path.join(home, f), longAgo, longAgo);

    // A temp file still being appended to by a live sync is young: it stays.
    const writing = '.vpp-desk-snapshot-5-live.users.json.4e5f6a7b.tmp';
    await fs.writeFile(path.join(home, writing), 'rows so far');

    const again = await Store.open(home, new ManualClock());

    expect(again.data.users.map((u) => u.clientUserId)).toEqual(['u1']);
    expect(again.data.sync.versions).toEqual({ assets: 'a', users: 'b', assignments: 'c' });
    const left = (await fs.readdir(home)).filter((f) => f !== 'vpp-desk-cache.lock').sort();
    expect(left).toEqual(
      [
        ...keep,
        writing,
        'notes.json',
        'vpp-desk-snapshot-1-old.json.corrupt-2026-01-01',
        'vpp-desk-snapshot-1-old.txt',
      ].sort(),
    );
  });

  it('dates a part replaced by a sync, so a process opening next leaves it for readers still on it', async () => {
    const home = await dir();
    const store = await seeded(home);
    const usersPart = () => store.snapshotParts().parts.users?.file as string;
    const replaced = usersPart();
    const longAgo = new Date(Date.now() - 60 * 60_000);
    await fs.utimes(path.join(home, replaced), longAgo, longAgo);
    // What a sync's worker hands over: a users part written under a new name.
    const written = await writeEncodedPart(home, 'users', [encodeRow('users', { ...user1, clientUserId: 'u2' })]);

    await store.update(() => undefined, { parts: { users: written } });

    expect(usersPart()).toBe(written.file);
    // Another process still reading the old snapshot may open the replaced part any moment now.
    const { mtimeMs } = await fs.stat(path.join(home, replaced));
    expect(mtimeMs).toBeGreaterThan(longAgo.getTime() + 30 * 60_000);
    await Store.open(home, new ManualClock());
    expect(await fs.readdir(home)).toContain(replaced);
  });
});
