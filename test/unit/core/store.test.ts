import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_FILE, Store } from '../../../electron/core/store';
import { SCHEMA_VERSION } from '../../../electron/core/cache-schema';
import { ManualClock } from '../../helpers/clock';
import { tempDir } from '../../helpers/tmp';

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
    await fs.writeFile(path.join(home, CACHE_FILE), JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, assets: [] }));
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toMatch(/newer VPP Desk/);
    expect(store.data.assets).toEqual([]);
  });

  it('refuses a wrong shape (a list where an object belongs)', async () => {
    const home = await dir();
    await fs.writeFile(path.join(home, CACHE_FILE), JSON.stringify({ schemaVersion: 1, users: 'oops' }));
    const store = await Store.open(home, new ManualClock());
    expect(store.notices[0]?.message).toMatch(/"users" is not a list/);
  });

  it('picks up a write made by another process', async () => {
    const home = await dir();
    const a = await Store.open(home, new ManualClock());
    const b = await Store.open(home, new ManualClock());
    await new Promise((r) => setTimeout(r, 15));
    await b.update((d) => {
      d.appNames['9'] = 'Pages';
    });
    const before = a.generation;
    await a.refresh();
    expect(a.data.appNames['9']).toBe('Pages');
    expect(a.generation).toBeGreaterThan(before);
  });
});
