// The parts' hand-written shape gate says what the whole snapshot's zod gate (file-schema.ts) says, row for row.
import { describe, expect, it } from 'vitest';
import { snapshotProblem } from '../../../../electron/core/cache/file-schema';
import { partRowsProblem } from '../../../../electron/core/cache/part-check';
import type { Collection } from '../../../../electron/core/cache/snapshot-parts';

const good: Record<Collection, Record<string, unknown>> = {
  assets: {
    adamId: '1',
    pricingParam: 'STDQ',
    productType: 'App',
    supportedPlatforms: ['iOS'],
    deviceAssignable: true,
    revocable: false,
    totalCount: 3,
    assignedCount: 1,
    availableCount: 2,
    retiredCount: 0,
  },
  users: { clientUserId: 'u', email: null, status: 'Associated', inviteCode: null, idHash: 'h', managedAppleId: null },
  assignments: { adamId: '1', pricingParam: 'PLUS', clientUserId: null, serialNumber: 'SN' },
};

const odd: unknown[] = [null, undefined, 'x', '', 0, Number.NaN, true, ['a'], [1], {}, 'STDQ', 'VPP'];

describe('partRowsProblem', () => {
  for (const collection of ['assets', 'users', 'assignments'] as const) {
    it(`agrees with the snapshot's zod gate on every odd value in every ${collection} column`, () => {
      const zod = (rows: unknown[]) => snapshotProblem({ assets: [], users: [], assignments: [], [collection]: rows });
      expect(partRowsProblem(collection, [good[collection]])).toBeNull();
      expect(zod([good[collection]])).toBeNull();
      for (const column of Object.keys(good[collection])) {
        for (const value of odd) {
          const rows = [good[collection], { ...good[collection], [column]: value }];
          expect(partRowsProblem(collection, rows), `${column} = ${String(value)}`).toBe(zod(rows));
        }
      }
      // Fields added by later versions pass.
      expect(partRowsProblem(collection, [{ ...good[collection], later: 1 }])).toBeNull();
    });
  }
});
