import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../electron/core/cache/schema';
import { CACHE_FILE, Store } from '../../../../electron/core/cache/store';
import { ManualClock } from '../../../helpers/clock';
import { tempDir } from '../../../helpers/tmp';

const dirs: string[] = [];
async function dir(): Promise<string> {
  const d = await tempDir();
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

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
    expect(store.data.activity.some((a) => a.kind === 'cache')).toBe(true);
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
        d.sync.versions = { assets: 'a', users: 'b', assignments: 'c' };
        d.appNames['1'] = 'Keynote';
      },
      { snapshot: true },
    );
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
});
