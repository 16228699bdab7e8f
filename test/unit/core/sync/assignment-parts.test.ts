// The pieces behind an incremental sync of assignments: parts counted per
// app as written, counts carried through a rewrite by this process, and a
// change merged into the cached rows without doubles.
import { describe, expect, it } from 'vitest';
import { encodeRow, perAssetOf, writeEncodedPart } from '../../../../electron/core/cache';
import { Store } from '../../../../electron/core/cache/store';
import { mergeEncodedAssignments, writeParts } from '../../../../electron/core/sync/part-job';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const row = (adamId: string, clientUserId: string | null, serialNumber: string | null = null, pricingParam = 'STDQ') =>
  encodeRow('assignments', { adamId, pricingParam: pricingParam as 'STDQ' | 'PLUS', clientUserId, serialNumber });

describe('assignment parts for incremental syncs', () => {
  it('a part written from Apple counts its rows per app and pricing, as written and as at the sync', async () => {
    const home = await dir();
    const ref = await writeEncodedPart(home, 'assignments', [
      row('1', 'a'),
      row('1', 'b'),
      row('1', null, 'SERIAL-1'),
      row('1', 'c', null, 'PLUS'),
      row('2', 'a'),
    ]);
    expect(ref.perAsset).toEqual({ '1|STDQ': 3, '1|PLUS': 1, '2|STDQ': 1 });
    expect(perAssetOf(ref)).toEqual({ current: ref.perAsset, atSync: ref.perAsset });
  });

  it('counts a part without per-app figures (or with spoilt ones) as unknown: the sync then reads everything', () => {
    expect(perAssetOf({ file: 'x', rows: 1 })).toBeNull();
    expect(perAssetOf({ file: 'x', rows: 1, perAsset: { '1|STDQ': 1 } })).toBeNull();
    expect(perAssetOf({ file: 'x', rows: 1, perAsset: { '1|STDQ': 1 }, atSync: { '1|STDQ': -1 } })).toBeNull();
    expect(perAssetOf({ file: 'x', rows: 1, perAsset: { '1|STDQ': 1 }, atSync: { '1|STDQ': 1.5 } })).toBeNull();
  });

  it('a rewrite by this process (its own deployment) recounts the rows but keeps the counts of the last sync', async () => {
    const home = await dir();
    const store = await Store.open(home, new ManualClock());
    const written = await writeEncodedPart(home, 'assignments', [row('1', 'a'), row('1', 'b')]);
    await store.update(() => undefined, { parts: { assignments: written } });
    await store.update(
      (d) => void d.assignments.push({ adamId: '1', pricingParam: 'STDQ', clientUserId: 'c', serialNumber: null }),
      {
        snapshot: true,
      },
    );
    const again = await Store.open(home, new ManualClock());
    expect(await again.assignmentCounts()).toEqual({ current: { '1|STDQ': 3 }, atSync: { '1|STDQ': 2 } });
  });

  it('so does a rewrite by a process that never read the counts (they are read from their file to carry them)', async () => {
    const home = await dir();
    const synced = await Store.open(home, new ManualClock());
    const written = await writeEncodedPart(home, 'assignments', [row('1', 'a'), row('1', 'b')]);
    await synced.update(() => undefined, { parts: { assignments: written } });
    const later = await Store.open(home, new ManualClock());
    await later.update(
      (d) => void d.assignments.push({ adamId: '1', pricingParam: 'STDQ', clientUserId: 'c', serialNumber: null }),
      { snapshot: true },
    );
    const again = await Store.open(home, new ManualClock());
    expect(again.snapshotParts().parts.assignments?.file).not.toBe(written.file);
    expect(await again.assignmentCounts()).toEqual({ current: { '1|STDQ': 3 }, atSync: { '1|STDQ': 2 } });
  });

  it('merges a change into the cached part: the re-read apps replaced, rows already held not added twice', async () => {
    const home = await dir();
    const cached = await writeEncodedPart(home, 'assignments', [
      row('1', 'a'),
      row('1', 'b'),
      row('2', 'x'),
      row('2', 'y'),
    ]);
    const { assignments } = await writeParts(home, [
      {
        collection: 'assignments',
        // App 2 read again whole (y gone, z new); app 1 gained c, and a is listed again.
        rows: [row('1', 'c'), row('1', 'a'), row('2', 'x'), row('2', 'z')],
        mergeInto: cached,
        replaceAdamIds: ['2'],
      },
    ]);
    expect(assignments?.perAsset).toEqual({ '1|STDQ': 3, '2|STDQ': 2 });
    expect(mergeEncodedAssignments([row('1', 'a')], [row('1', 'a'), row('1', 'b'), row('1', 'b')])).toEqual([
      row('1', 'a'),
      row('1', 'b'),
    ]);
    const store = await Store.open(home, new ManualClock());
    await store.update(() => undefined, { parts: { assignments: assignments as NonNullable<typeof assignments> } });
    expect(store.data.assignments.map((a) => `${a.adamId}:${a.clientUserId}`).sort()).toEqual([
      '1:a',
      '1:b',
      '1:c',
      '2:x',
      '2:z',
    ]);
  });
});
