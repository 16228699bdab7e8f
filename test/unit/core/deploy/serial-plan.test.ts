// Device licensing, planned: never more than free (in-flight writes counted), batched, refusal in words.
import { describe, expect, it } from 'vitest';
import { newEntry } from '../../../../electron/core/deploy/journal';
import { inFlightFor, planSerials } from '../../../../electron/core/deploy/serial-plan';
import { asset, assignment, cacheWith, NOW } from '../../../helpers/cache';
import type { CacheData, CachedAsset } from '../../../../electron/core/cache/schema';

const first = (d: CacheData): CachedAsset => {
  const a = d.assets[0];
  if (!a) throw new Error('no asset');
  return a;
};
const serials = (n: number) => Array.from({ length: n }, (_, i) => `SN${String(i).padStart(6, '0')}`);

describe('planSerials', () => {
  it('assigns at most the free licenses; the rest fail, holders are left alone', () => {
    const data = cacheWith({
      assets: [asset({ availableCount: 2, assignedCount: 1 })],
      assignments: [assignment(null, { serialNumber: 'SN000000' })],
    });
    const { plan, entries } = planSerials(data, first(data), 'Pages', 'required', serials(5), NOW);
    expect(plan).toMatchObject({ devices: 5, alreadyAssigned: 1, willAssign: 2, willFail: 2 });
    expect(plan.assign).toEqual(['SN000001', 'SN000002']);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'associate', serialNumbers: ['SN000001', 'SN000002'], holders: true });
  });

  it('counts licenses promised to writes not finished yet', () => {
    const pending = newEntry('associate', { adamId: '100', pricingParam: 'STDQ' }, ['u1'], NOW, ['X1', 'X2']);
    const data = cacheWith({ assets: [asset({ availableCount: 4 })], journal: [pending] });
    expect(inFlightFor(data, first(data))).toBe(3);
    expect(planSerials(data, first(data), 'Pages', 'required', serials(4), NOW).plan.willAssign).toBe(1);
  });

  it('batches to maxSerialNumbers', () => {
    const data = cacheWith({
      assets: [asset({ availableCount: 10 })],
      service: {
        limits: {
          maxAssets: 25,
          maxClientUserIds: 1000,
          maxSerialNumbers: 3,
          maxUsers: 100,
          maxRevokeClientUserIds: 100,
          maxRevokeSerialNumbers: 100,
        },
        invitationUrlTemplate: null,
        contentMetadataLookupUrl: null,
        fetchedAt: NOW,
      },
    });
    const { entries } = planSerials(data, first(data), 'Pages', 'required', serials(7), NOW);
    expect(entries.map((e) => e.serialNumbers.length)).toEqual([3, 3, 1]);
  });

  it('Uninstall reclaims only devices that hold the app', () => {
    const data = cacheWith({ assets: [asset()], assignments: [assignment(null, { serialNumber: 'SN000001' })] });
    const { plan, entries } = planSerials(data, first(data), 'Pages', 'uninstall', serials(3), NOW);
    expect(plan).toMatchObject({ willReclaim: 1, nothingToReclaim: 2, reclaim: ['SN000001'] });
    expect(entries.map((e) => e.kind)).toEqual(['disassociate']);
  });

  it('refuses an app that is not device-assignable, in a sentence', () => {
    const data = cacheWith({ assets: [asset({ deviceAssignable: false })] });
    expect(() => planSerials(data, first(data), 'Keynote', 'required', ['A1'], NOW)).toThrow(
      'Keynote (100) cannot be assigned to devices: Apple allows its licenses only for users. Deploy it to users instead.',
    );
  });
});
