// The activity log lives in its own file: the main file, which every command reads and every change rewrites,
// does not grow with it; a cache from before (its log inside the main file) moves over once, without
// duplicates even when a crash interrupts the move.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVITY_FILE, CACHE_FILE, Store } from '../../../../electron/core/cache';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const mainOnDisk = async (home: string) =>
  JSON.parse(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')) as { activity: unknown[]; revision: number };

const old = (i: number) => ({
  at: `2026-10-01T00:00:${String(i).padStart(2, '0')}.000Z`,
  kind: 'sync',
  message: `old ${i}`,
});

/** A cache as a version before this one left it: the log inside the main file. */
async function oldFormat(home: string, count: number): Promise<void> {
  const store = await Store.open(home, new ManualClock());
  await store.update((d) => {
    d.sync.intervalHours = 6;
  });
  const main = await mainOnDisk(home);
  main.activity = Array.from({ length: count }, (_, i) => old(i));
  await fs.writeFile(path.join(home, CACHE_FILE), JSON.stringify(main));
}

describe('Store: the activity log in its own file', () => {
  it('keeps the main file the same size however long the log grows', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => store.log('sync', 'first', d));
    const size = (await fs.stat(path.join(home, CACHE_FILE))).size;
    for (let batch = 0; batch < 5; batch++) {
      await store.update((d) => {
        for (let i = 0; i < 1000; i++) store.log('license-assigned', `Keynote assigned to client-${batch}-${i}.`, d);
      });
    }
    expect((await mainOnDisk(home)).activity).toEqual([]);
    // The revision grows by a digit at most.
    expect((await fs.stat(path.join(home, CACHE_FILE))).size).toBeLessThanOrEqual(size + 2);
    const read = await (await Store.open(home, new ManualClock())).activity();
    expect(read).toHaveLength(5001);
    expect(read.at(-1)?.message).toBe('Keynote assigned to client-4-999.');
  });

  it('shows entries logged but not yet written, after those written', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => store.log('sync', 'written', d));
    store.log('cache', 'pending');
    expect((await store.activity()).map((e) => e.message)).toEqual(['written', 'pending']);
  });

  it('moves a log from the main file to its own file at the next write, once', async () => {
    const home = await dir();
    await oldFormat(home, 30);
    const store = await Store.open(home, new ManualClock());
    expect((await store.activity()).map((e) => e.message)).toEqual(Array.from({ length: 30 }, (_, i) => `old ${i}`));
    await store.update((d) => store.log('sync', 'new', d));
    expect((await mainOnDisk(home)).activity).toEqual([]);
    const again = await Store.open(home, new ManualClock());
    const read = (await again.activity()).map((e) => e.message);
    expect(read).toHaveLength(31);
    expect(read.at(0)).toBe('old 0');
    expect(read.at(-1)).toBe('new');
    expect(again.data.sync.intervalHours).toBe(6);
  });

  it('writes no entry twice when a crash came after the move appended and before the main file was written', async () => {
    const home = await dir();
    await oldFormat(home, 10);
    // What the move had appended when the crash came: the old entries (as read, with their audit fields).
    const moved = await (await Store.open(home, new ManualClock())).activity();
    await fs.writeFile(path.join(home, ACTIVITY_FILE), moved.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => store.log('sync', 'after', d));
    const read = (await (await Store.open(home, new ManualClock())).activity()).map((e) => e.message);
    expect(read).toEqual([...Array.from({ length: 10 }, (_, i) => `old ${i}`), 'after']);
  });
});
