// An app row is the cached asset with its name and VPP Desk's counts added: every field the asset has (a later
// version's too, in the asset's order), then the added ones, as `{ ...asset, name, ... }` would make it.
import { afterEach, expect, it } from 'vitest';
import { Queries } from '../../../../electron/core/views/queries';
import { asset, deployment, tempStore, type TempStore } from '../../../helpers/cache';
import type { CachedAsset } from '../../../../electron/core/cache/schema';

let temp: TempStore | null = null;
afterEach(async () => {
  await temp?.dispose();
  temp = null;
});

it('holds the asset as it is, later fields and their order included, then the name and counts', async () => {
  // As a part file written by a later version could hold it: a field this version does not know, in the middle.
  const later = { ...asset({ adamId: '1', assignedCount: 2 }), shelf: 'B2' } as CachedAsset;
  const { retiredCount, ...rest } = later;
  const reordered = { retiredCount, ...rest } as CachedAsset;
  temp = await tempStore((d) => {
    d.appNames = { '1': 'Keynote', '2': 'Pages' };
    d.assets = [later, { ...reordered, adamId: '2' }];
    d.deployments = [deployment('u1', { adamId: '1' }), deployment('u2', { adamId: '1', state: 'failed' })];
  });
  const rows = (
    await new Queries(temp.store).queryApps({
      offset: 0,
      limit: 10,
      search: '',
      sortDir: 'asc',
      lowStockOnly: false,
    })
  ).rows;
  const stored = temp.store.data.assets;
  expect(rows).toHaveLength(2);
  rows.forEach((row, i) => {
    const a = stored[i] as CachedAsset;
    const expected = {
      ...a,
      supportedPlatforms: [...a.supportedPlatforms],
      name: i === 0 ? 'Keynote' : 'Pages',
      deploymentCount: i === 0 ? 2 : 0,
      vppDeskAssigned: i === 0 ? 1 : 0,
    };
    expect(row).toEqual(expected);
    expect(Object.keys(row)).toEqual(Object.keys(expected));
    // A copy: the window may sort or change it without touching the cache.
    expect(row.supportedPlatforms).not.toBe(a.supportedPlatforms);
  });
});
