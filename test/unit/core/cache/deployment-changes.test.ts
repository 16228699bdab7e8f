// The deployment rows' changes appended beside their part (cache/deployment-log.ts, row-changes.ts): a change that
// edits a few rows of many writes those rows, not the whole list (a million rows rewritten at each step of a
// deployment took minutes). Read back exactly, by this process or another; an append a crash cut short is never
// read and is cut off by the next; committed changes that were altered or lost are told, as a lost part is.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Collections } from '../../../../electron/core/cache/collections';
import { DeploymentLog, setCompactionFloor } from '../../../../electron/core/cache/deployment-log';
import { readPart } from '../../../../electron/core/cache/part-read';
import { DEPLOYMENT_COLUMNS } from '../../../../electron/core/cache/snapshot-codec';
import { CACHE_FILE, Store } from '../../../../electron/core/cache/store';
import { appKey } from '../../../../shared/keys';
import { deployment } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';
import type { CachedDeployment } from '../../../../electron/core/cache';
import type { PartRef } from '../../../../electron/core/cache/snapshot-parts';

const dir = tempDirs();

interface ChangesOnDisk {
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}
interface PartOnDisk {
  file: string;
  rows: number;
  perAsset?: Record<string, number>;
  assignedPerAsset?: Record<string, number>;
  changes?: ChangesOnDisk;
}

const partOf = async (home: string) =>
  (JSON.parse(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')) as { deploymentsPart: PartOnDisk | null })
    .deploymentsPart;
/** The row index each line of the changes file the main file names starts with (every line, committed or not). */
async function changedIndices(home: string): Promise<unknown[]> {
  const changes = (await partOf(home))?.changes as ChangesOnDisk;
  const text = await fs.readFile(path.join(home, changes.file), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as unknown[])[0]);
}
const files = async (home: string, suffix: string) => (await fs.readdir(home)).filter((f) => f.endsWith(suffix));
const reopened = (home: string) => Store.open(home, new ManualClock());

/** 20 rows over two apps, written as one part. */
async function seeded(home: string): Promise<Store> {
  const store = await Store.open(home, new ManualClock());
  await store.update((d) => {
    for (let i = 0; i < 20; i++) d.deployments.push(deployment(`u${i}`, { adamId: i % 2 ? '1' : '2' }));
  });
  return store;
}

const plain = (rows: readonly CachedDeployment[]) => rows.map((r) => ({ ...r }));

let floor: number | null = null;
afterEach(() => {
  if (floor !== null) setCompactionFloor(floor);
  floor = null;
});

describe('deployment rows: changes appended beside their part', () => {
  it('appends only the rows each change edited or added, and reads back the very rows', async () => {
    const home = await dir();
    const store = await seeded(home);
    const part = await partOf(home);
    await store.update((d) => {
      Object.assign(d.deployments[3] as CachedDeployment, { state: 'failed', reason: 'No licenses available.' });
    });
    await store.update((d) => {
      (d.deployments[3] as CachedDeployment).state = 'assigned';
      d.deployments.push(deployment('u20', { adamId: '3', state: 'pending-terms' }));
      d.deployments[7] = { ...(d.deployments[7] as CachedDeployment), action: 'uninstall', state: 'reclaimed' };
    });
    const after = await partOf(home);
    expect(after).toMatchObject({ file: part?.file, rows: 21, changes: { rows: 4 } });
    expect(await changedIndices(home)).toEqual([3, 3, 7, 20]);
    expect(await files(home, '.deployments.json')).toEqual([part?.file]);

    expect(plain((await reopened(home)).data.deployments)).toEqual(plain(store.data.deployments));
  });

  it('finds the edited rows among thousands, either side of where its copy of them is cut in chunks', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    await store.update((d) => {
      for (let i = 0; i < 10_000; i++) d.deployments.push(deployment(`u${i}`));
    });
    const edited = [0, 4095, 4096, 8191, 8192, 9999];
    await store.update((d) => {
      for (const i of edited) (d.deployments[i] as CachedDeployment).state = 'failed';
      d.deployments.push(deployment('u10000'));
    });
    expect(await changedIndices(home)).toEqual([...edited, 10_000]);
    const again = (await reopened(home)).data.deployments;
    expect(again.flatMap((r, i) => (r.state === 'failed' ? [i] : []))).toEqual(edited);
    expect(again).toHaveLength(10_001);
  });

  it('writes an edit to any column of a row', async () => {
    const home = await dir();
    const store = await seeded(home);
    const values = {
      adamId: '7',
      pricingParam: 'PLUS',
      clientUserId: 'someone-else',
      action: 'uninstall',
      state: 'reclaimed',
      reason: 'Reclaimed by hand.',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
      journalId: 'j-1',
    } satisfies Record<(typeof DEPLOYMENT_COLUMNS)[number], string>;
    for (const [k, column] of DEPLOYMENT_COLUMNS.entries()) {
      await store.update(
        (d) => void ((d.deployments[k] as unknown as Record<string, string>)[column] = values[column]),
      );
      expect((await partOf(home))?.changes?.rows).toBe(k + 1);
    }
    const rows = (await reopened(home)).data.deployments as unknown as Record<string, string>[];
    expect(DEPLOYMENT_COLUMNS.map((column, k) => rows[k]?.[column])).toEqual(Object.values(values));
  });

  it("keeps each app's counts in the reference as counting the rows gives them, without reading the rows", async () => {
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => {
      (d.deployments[0] as CachedDeployment).state = 'failed';
      (d.deployments[1] as CachedDeployment).adamId = '9';
      d.deployments.push(deployment('u20', { adamId: '9' }), deployment('u21', { adamId: '9', state: 'failed' }));
    });
    const counted = (rows: readonly CachedDeployment[], only?: string) => {
      const out: Record<string, number> = {};
      for (const r of rows)
        if (!only || r.state === only)
          out[appKey(r.adamId, r.pricingParam)] = (out[appKey(r.adamId, r.pricingParam)] ?? 0) + 1;
      return out;
    };
    const again = await reopened(home);
    expect(again.deploymentCounts()).toEqual({
      rows: counted(store.data.deployments),
      assigned: counted(store.data.deployments, 'assigned'),
    });
  });

  it('another process reads the rows this one appended, and appends its own after them', async () => {
    const home = await dir();
    const one = await seeded(home);
    const two = await reopened(home);
    expect(two.data.deployments).toHaveLength(20);
    await one.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    await two.update((d) => void ((d.deployments[1] as CachedDeployment).state = 'pending-terms'));
    await one.update((d) => void ((d.deployments[2] as CachedDeployment).state = 'assigning'));
    await two.refresh();
    const states = (s: Store) => s.data.deployments.slice(0, 3).map((r) => r.state);
    expect(states(one)).toEqual(['failed', 'pending-terms', 'assigning']);
    expect(states(two)).toEqual(['failed', 'pending-terms', 'assigning']);
    expect(states(await reopened(home))).toEqual(['failed', 'pending-terms', 'assigning']);
    expect((await partOf(home))?.changes?.rows).toBe(3);
  });

  it('a read ahead overtaken by changes appended meanwhile gives way to a read of the rows with them', async () => {
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const before = (await partOf(home)) as PartRef;
    await store.update((d) => void ((d.deployments[1] as CachedDeployment).state = 'failed'));
    const after = (await partOf(home)) as PartRef;
    expect(after.file).toBe(before.file);

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const reader: typeof readPart = async (file, c) => {
      await held;
      return readPart(file, c);
    };
    const rows = new Collections<'deployments'>(home, () => {}, reader, ['deployments'], { log: new DeploymentLog() });
    rows.adopt({ deployments: before });
    const first = rows.load('deployments');
    // Another process appended: this one adopts the main file's newer reference and reads ahead again.
    rows.adopt({ deployments: after });
    const second = rows.load('deployments');
    release();
    await Promise.all([first, second]);
    expect(rows.isLoaded('deployments')).toBe(true);
    expect(
      rows
        .get('deployments')
        .map((r) => r.state)
        .slice(0, 3),
    ).toEqual(['failed', 'failed', 'assigned']);
  });

  // What a crash or a failed write between appending and writing the main file leaves: lines, half a line, past
  // what was committed (longer than the next append, which must not leave any of it behind).
  const CUT = `${'[1,"2","STDQ","u1","required","failed",null,"x","x",null]\n'.repeat(3)}[5,"2`;

  /** Row 0 edited and committed, then CUT appended to the changes file past what was committed. */
  async function cutShort(home: string): Promise<{ store: Store; changes: ChangesOnDisk }> {
    const store = await seeded(home);
    await store.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const changes = (await partOf(home))?.changes as ChangesOnDisk;
    await fs.appendFile(path.join(home, changes.file), CUT);
    return { store, changes };
  }

  it('never reads an append a crash cut short; the process after it writes the committed lines to a file of its own', async () => {
    const home = await dir();
    const { changes } = await cutShort(home);

    const again = await reopened(home);
    expect(again.notices).toEqual([]);
    expect(again.data.deployments.map((r) => r.state).slice(0, 2)).toEqual(['failed', 'assigned']);
    await again.update((d) => void ((d.deployments[2] as CachedDeployment).state = 'failed'));
    expect((await partOf(home))?.changes?.file).not.toBe(changes.file);
    expect(await changedIndices(home)).toEqual([0, 2]);
    const last = await reopened(home);
    expect(last.notices).toEqual([]);
    expect(last.data.deployments.map((r) => r.state).slice(0, 3)).toEqual(['failed', 'assigned', 'failed']);
  });

  it('cuts off what a failed append of its own left, before appending again', async () => {
    const home = await dir();
    const { store, changes } = await cutShort(home);
    await store.update((d) => void ((d.deployments[2] as CachedDeployment).state = 'failed'));
    expect((await partOf(home))?.changes?.file).toBe(changes.file);
    expect(await changedIndices(home)).toEqual([0, 2]);
    expect((await reopened(home)).data.deployments.map((r) => r.state).slice(0, 3)).toEqual([
      'failed',
      'assigned',
      'failed',
    ]);
  });

  it("appends only to a changes file this process started: another process's is left as it was", async () => {
    const home = await dir();
    const one = await seeded(home);
    await one.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const first = (await partOf(home))?.changes as ChangesOnDisk;
    const bytes = await fs.readFile(path.join(home, first.file));
    const two = await reopened(home);
    await two.update((d) => void ((d.deployments[1] as CachedDeployment).state = 'failed'));
    // A process whose lock was taken over as stale, waking mid-write, appends to its own file only.
    expect((await partOf(home))?.changes?.file).not.toBe(first.file);
    expect(await fs.readFile(path.join(home, first.file))).toEqual(bytes);
    expect(await changedIndices(home)).toEqual([0, 1]);
  });

  it('committed changes that were altered: the rows are unreadable, told as a lost part is, and set aside', async () => {
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const changes = (await partOf(home))?.changes as ChangesOnDisk;
    const file = path.join(home, changes.file);
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"failed"', '"assigned"'));

    const again = await Store.open(home, new ManualClock(new Date('2026-11-24T10:11:12Z')));
    await again.readCollections(['deployments']);
    expect(again.data.deployments).toEqual([]);
    expect(again.notices[0]?.message).toMatch(
      /list of deployments was unreadable \(its changes file was altered\)\. It was kept as .*deployments\.json\.corrupt-2026-11-24T10-11-12-000Z; the Deployments page starts empty/,
    );
  });

  it('a changes file that is missing is told the same way, and nothing else is lost', async () => {
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => {
      d.appNames['1'] = 'Keynote';
      (d.deployments[0] as CachedDeployment).state = 'failed';
    });
    await fs.rm(path.join(home, ((await partOf(home))?.changes as ChangesOnDisk).file));
    const again = await reopened(home);
    expect(again.data.deployments).toEqual([]);
    expect(again.notices[0]?.message).toMatch(/list of deployments was unreadable \(its changes file is missing\)/);
    expect(again.data.appNames['1']).toBe('Keynote');
  });

  it('writes the part whole again once the changes reach the floor, or when the list shrank or was replaced', async () => {
    floor = setCompactionFloor(5);
    const home = await dir();
    const store = await seeded(home);
    const first = (await partOf(home))?.file;
    for (let i = 0; i < 5; i++)
      await store.update((d) => void ((d.deployments[i] as CachedDeployment).state = 'failed'));
    expect((await partOf(home))?.changes?.rows).toBe(5);
    await store.update((d) => void ((d.deployments[5] as CachedDeployment).state = 'failed'));
    const compacted = await partOf(home);
    expect(compacted?.file).not.toBe(first);
    expect(compacted?.changes).toBeUndefined();

    await store.update((d) => void d.deployments.pop());
    const shrunk = await partOf(home);
    expect(shrunk?.file).not.toBe(compacted?.file);
    expect(shrunk).toMatchObject({ rows: 19 });
    expect(shrunk?.changes).toBeUndefined();

    await store.update((d) => void (d.deployments = d.deployments.map((r) => ({ ...r, state: 'reclaimed' as const }))));
    expect((await partOf(home))?.changes).toBeUndefined();
    expect(plain((await reopened(home)).data.deployments)).toEqual(plain(store.data.deployments));
  });

  it('sweeps changes files no longer named, but never the one the last good copy names', async () => {
    floor = setCompactionFloor(1);
    const home = await dir();
    const store = await seeded(home);
    await store.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const named = (await partOf(home))?.changes?.file as string;
    const lastGood = path.join(home, 'vpp-desk-cache.last-good.json');
    const lastGoodText = await fs.readFile(lastGood, 'utf8');
    // Past a quarter of the rows (5 of 20), the part is written whole and the changes file is no longer named.
    await store.update((d) => {
      for (let i = 1; i <= 5; i++) (d.deployments[i] as CachedDeployment).state = 'failed';
    });
    expect((await partOf(home))?.changes).toBeUndefined();
    const orphan = 'vpp-desk-snapshot-1-00000000.deployments.changes.jsonl';
    await fs.writeFile(path.join(home, orphan), '');
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const f of await files(home, '.jsonl')) await fs.utimes(path.join(home, f), longAgo, longAgo);

    await fs.writeFile(lastGood, lastGoodText);
    await reopened(home);
    expect(await files(home, '.changes.jsonl')).toEqual([named]);
    await fs.writeFile(lastGood, await fs.readFile(path.join(home, CACHE_FILE), 'utf8'));
    await reopened(home);
    expect(await files(home, '.changes.jsonl')).toEqual([]);
  });

  it('refuses a changes file named outside the data folder, and the last good copy restores the rows', async () => {
    const parent = await dir();
    const home = path.join(parent, 'home');
    const store = await seeded(home);
    await store.update((d) => void ((d.deployments[0] as CachedDeployment).state = 'failed'));
    const main = JSON.parse(await fs.readFile(path.join(home, CACHE_FILE), 'utf8')) as { deploymentsPart: PartOnDisk };
    const changes = { ...main.deploymentsPart.changes, file: '../precious.deployments.changes.jsonl' };
    await fs.writeFile(
      path.join(home, CACHE_FILE),
      JSON.stringify({ ...main, deploymentsPart: { ...main.deploymentsPart, changes } }),
    );
    const again = await reopened(home);
    expect(again.notices[0]?.message).toMatch(
      /deployments file reference is not valid.*restored from its last good copy/,
    );
    expect(again.data.deployments[0]?.state).toBe('failed');
  });
});
