// Who holds what is indexed ahead a slice at a time (Holders.indexAhead); an index of a cache that changed while
// it was built is not kept, so no holder is ever answered from the cache as it was.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { holderIndexesBuiltInOneCall, Holders } from '../../../../electron/core/views/holders';
import { Queries } from '../../../../electron/core/views/queries';
import { setSliceMs } from '../../../../electron/core/views/steps';
import { asset, assignment, tempStore, user, type TempStore } from '../../../helpers/cache';

let temp: TempStore | null = null;
let sliceMs = 0;
beforeEach(() => {
  // Every 1,024 rows a turn, whatever this machine's speed: the build below takes several.
  sliceMs = setSliceMs(0);
});
afterEach(async () => {
  setSliceMs(sliceMs);
  await temp?.dispose();
  temp = null;
});

const PAGE = { offset: 0, limit: 10, search: '', sortDir: 'asc' as const };

it('builds the index ahead, and builds it again when the cache changed while it was being built', async () => {
  temp = await tempStore((d) => {
    d.assets = [asset({ adamId: '1' }), asset({ adamId: '2' })];
    d.users = [user('u1'), user('late')];
    // Over several slices, so the build takes turns of the event loop in which the cache can change.
    d.assignments = Array.from({ length: 5000 }, (_, i) => assignment(null, { adamId: '1', serialNumber: `S${i}` }));
  });
  const store = temp.store;
  const holders = new Holders(store, new Queries(store));

  const before = holderIndexesBuiltInOneCall();
  // Another request changes the cache while the index is between slices.
  let changes = 0;
  await holders.indexAhead(async () => {
    if (changes++ === 0)
      await store.update((d) => {
        d.assignments.push(assignment('late', { adamId: '2' }));
      });
  });
  expect(changes).toBeGreaterThan(0);
  // The index built ahead was of the cache before the change: not kept, so this builds it again, in one call.
  const holdings = holders.holdings({ clientUserId: 'late' });
  expect(holdings.apps.map((a) => a.adamId)).toEqual(['2']);
  expect(holderIndexesBuiltInOneCall()).toBe(before + 1);

  // Ahead of a cache that stays put, the index is kept: the views read it without building it again.
  await store.update((d) => {
    d.assignments.push(assignment('u1', { adamId: '2' }));
  });
  await holders.indexAhead();
  const held = await holders.queryHolders({ ...PAGE, adamId: '2' });
  expect(held.rows.map((r) => r.clientUserId)).toEqual(['late', 'u1']);
  expect((await holders.queryDevices(PAGE)).total).toBe(5000);
  expect(holderIndexesBuiltInOneCall()).toBe(before + 1);
});
