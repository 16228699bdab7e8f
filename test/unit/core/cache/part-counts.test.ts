// The assignments' counts per app live in a file of their own beside their part: the manifest every command
// and window start reads names that file and holds no counts; a sync reads them when it needs them. Lost,
// spoilt or foreign, they are unknown (the sync then reads every assignment), never wrong.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRow, readCounts, writeEncodedPart, type PartRef } from '../../../../electron/core/cache';
import { Store } from '../../../../electron/core/cache/store';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const row = (adamId: string, clientUserId: string) =>
  encodeRow('assignments', { adamId, pricingParam: 'STDQ', clientUserId, serialNumber: null });

interface Manifest {
  parts: { assignments: PartRef; users: PartRef; assets: PartRef };
}

async function manifestOf(home: string): Promise<Manifest> {
  const main = JSON.parse(await fs.readFile(path.join(home, 'vpp-desk-cache.json'), 'utf8')) as {
    snapshotFile: string;
  };
  return JSON.parse(await fs.readFile(path.join(home, main.snapshotFile), 'utf8')) as Manifest;
}

/** A cache whose assignments part was written by a sync: 1 has 2 rows, 2 has 1. */
async function synced(): Promise<{ home: string; part: PartRef }> {
  const home = await dir();
  const store = await Store.open(home, new ManualClock());
  const part = await writeEncodedPart(home, 'assignments', [row('1', 'a'), row('1', 'b'), row('2', 'a')]);
  await store.update(() => undefined, { parts: { assignments: part } });
  return { home, part };
}

const COUNTS = { current: { '1|STDQ': 2, '2|STDQ': 1 }, atSync: { '1|STDQ': 2, '2|STDQ': 1 } };

describe('the assignments counts file', () => {
  it('is named by the manifest, which holds no counts; a store opened later reads them from it', async () => {
    const { home, part } = await synced();
    const manifest = await manifestOf(home);
    const ref = manifest.parts.assignments;
    expect(ref.file).toBe(part.file);
    expect(ref.counts).toBe(part.file.replace(/\.json$/, '.counts.json'));
    expect(Object.keys(ref).sort()).toEqual(['counts', 'file', 'rows', 'sha256']);
    const onDisk = JSON.parse(await fs.readFile(path.join(home, ref.counts as string), 'utf8')) as object;
    expect(onDisk).toEqual({ part: part.file, perAsset: COUNTS.current, atSync: COUNTS.atSync });
    const again = await Store.open(home, new ManualClock());
    expect(again.snapshotParts().parts.assignments?.perAsset).toBeUndefined();
    expect(await again.assignmentCounts()).toEqual(COUNTS);
  });

  it('a manifest from before it (counts inline) is read as it is, and the next manifest moves them out', async () => {
    const { home } = await synced();
    // Rewritten as an older VPP Desk wrote it: the counts inline, no file.
    const main = JSON.parse(await fs.readFile(path.join(home, 'vpp-desk-cache.json'), 'utf8')) as {
      snapshotFile: string;
    };
    const manifest = await manifestOf(home);
    const { counts, ...old } = manifest.parts.assignments;
    await fs.rm(path.join(home, counts as string));
    manifest.parts.assignments = { ...old, perAsset: COUNTS.current, atSync: COUNTS.atSync };
    await fs.writeFile(path.join(home, main.snapshotFile), JSON.stringify(manifest));

    const store = await Store.open(home, new ManualClock());
    expect(await store.assignmentCounts()).toEqual(COUNTS);
    // Any change of a collection writes a new manifest.
    await store.update((d) => void (d.users = [...d.users]), { snapshot: true });
    const moved = (await manifestOf(home)).parts.assignments;
    expect(moved.perAsset).toBeUndefined();
    expect(moved.atSync).toBeUndefined();
    expect(await (await Store.open(home, new ManualClock())).assignmentCounts()).toEqual(COUNTS);
  });

  it('counts are unknown when their file is gone, not JSON, for another part, or holds a count that is not one', async () => {
    const { home, part } = await synced();
    const ref = (await manifestOf(home)).parts.assignments;
    const file = path.join(home, ref.counts as string);
    expect(await readCounts(home, ref)).toEqual(COUNTS);
    const spoil = async (content: string) => {
      await fs.writeFile(file, content);
      return readCounts(home, ref);
    };
    expect(await spoil('{"part":')).toBeNull();
    expect(
      await spoil(JSON.stringify({ part: 'vpp-desk-snapshot-1-ab.assignments.json', perAsset: {}, atSync: {} })),
    ).toBeNull();
    expect(
      await spoil(JSON.stringify({ part: part.file, perAsset: { '1|STDQ': -1 }, atSync: COUNTS.atSync })),
    ).toBeNull();
    expect(await spoil(JSON.stringify({ part: part.file, perAsset: COUNTS.current }))).toBeNull();
    await fs.rm(file);
    expect(await readCounts(home, ref)).toBeNull();
    expect(await (await Store.open(home, new ManualClock())).assignmentCounts()).toBeNull();
  });

  it('is kept by the sweep of old files while its part is in force, and swept with its part after', async () => {
    const { home, part } = await synced();
    const inForce = (await manifestOf(home)).parts.assignments.counts as string;
    const store = await Store.open(home, new ManualClock());
    const next = await writeEncodedPart(home, 'assignments', [row('1', 'a')]);
    await store.update(() => undefined, { parts: { assignments: next } });
    const newer = (await manifestOf(home)).parts.assignments.counts as string;
    expect(newer).not.toBe(inForce);
    const longAgo = new Date(Date.now() - 3_600_000);
    for (const f of await fs.readdir(home))
      if (f.startsWith('vpp-desk-snapshot-')) await fs.utimes(path.join(home, f), longAgo, longAgo);

    await Store.open(home, new ManualClock());
    const left = await fs.readdir(home);
    expect(left).toContain(newer);
    expect(left).toContain(next.file);
    expect(left).not.toContain(inForce);
    expect(left).not.toContain(part.file);
  });

  it('a manifest naming a counts file that is not its part’s is not followed (nor that file touched)', async () => {
    const { home } = await synced();
    const main = JSON.parse(await fs.readFile(path.join(home, 'vpp-desk-cache.json'), 'utf8')) as {
      snapshotFile: string;
    };
    const manifest = await manifestOf(home);
    const outside = path.join(await dir(), 'elsewhere.json');
    await fs.writeFile(outside, JSON.stringify({ part: manifest.parts.assignments.file, ...COUNTS }));
    const before = (await fs.stat(outside)).mtimeMs;
    manifest.parts.assignments.counts = path.relative(home, outside);
    await fs.writeFile(path.join(home, main.snapshotFile), JSON.stringify(manifest));

    const store = await Store.open(home, new ManualClock());
    expect(store.snapshotParts().parts.assignments?.counts).toBeUndefined();
    expect(await store.assignmentCounts()).toBeNull();
    await store.update((d) => void (d.users = [...d.users]), { snapshot: true });
    expect((await fs.stat(outside)).mtimeMs).toBe(before);
  });
});
