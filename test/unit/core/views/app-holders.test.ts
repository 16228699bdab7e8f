// One app's holders for a deployment's license plan: built ahead a slice at a time, found by the plan while the
// cache is unchanged, and never stale: any change of the cache (Store.update) makes the plan count again.
import { describe, expect, it } from 'vitest';
import { Store } from '../../../../electron/core/cache/store';
import { AppHolders, appHolderSetsBuiltInOneCall } from '../../../../electron/core/views/app-holders';
import { asset, assignment } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

async function seeded(): Promise<Store> {
  const store = await Store.open(await dir(), new ManualClock());
  await store.update(
    (d) => {
      d.assets = [asset({ adamId: '1' }), asset({ adamId: '2' }), asset({ adamId: '2', pricingParam: 'PLUS' })];
      d.assignments = [
        assignment('u1', { adamId: '1' }),
        assignment('u2', { adamId: '1', pricingParam: 'PLUS' }),
        assignment(null, { adamId: '1', serialNumber: 'C02ABC' }),
        assignment('u3', { adamId: '2' }),
        assignment('u4', { adamId: '1' }),
      ];
    },
    { snapshot: true },
  );
  return store;
}

describe('AppHolders', () => {
  it('built ahead in slices: the same users the plan would count, found without a build in one call', async () => {
    const store = await seeded();
    const holders = new AppHolders(store);
    await holders.index('1', undefined, 2);
    const before = appHolderSetsBuiltInOneCall();
    expect([...holders.holders('1', 'STDQ')].sort()).toEqual(['u1', 'u4']);
    expect(appHolderSetsBuiltInOneCall()).toBe(before);
  });

  it('a change of the cache makes the next plan count again, with the change in it', async () => {
    const store = await seeded();
    const holders = new AppHolders(store);
    await holders.index('1', 'STDQ');
    await store.update((d) => void d.assignments.push(assignment('u9', { adamId: '1' })), { snapshot: true });
    const before = appHolderSetsBuiltInOneCall();
    expect([...holders.holders('1', 'STDQ')].sort()).toEqual(['u1', 'u4', 'u9']);
    expect(appHolderSetsBuiltInOneCall()).toBe(before + 1);
  });

  it('a build ahead overtaken by a change never gives the plan stale holders', async () => {
    const store = await seeded();
    const holders = new AppHolders(store);
    const building = holders.index('1', 'STDQ', 1);
    await store.update((d) => void (d.assignments = d.assignments.filter((a) => a.clientUserId !== 'u4')), {
      snapshot: true,
    });
    await building;
    expect([...holders.holders('1', 'STDQ')]).toEqual(['u1']);
  });

  it('another app or pricing is another set; an app bought both ways is left to the plan to refuse', async () => {
    const store = await seeded();
    const holders = new AppHolders(store);
    await holders.index('2');
    const before = appHolderSetsBuiltInOneCall();
    expect([...holders.holders('2', 'STDQ')]).toEqual(['u3']);
    expect(appHolderSetsBuiltInOneCall()).toBe(before + 1);
    expect([...holders.holders('1', 'PLUS')]).toEqual(['u2']);
  });
});
