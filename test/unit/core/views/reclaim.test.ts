// Licenses outside a roster: by id, by email, by serial number; per app with totals.
import { describe, expect, it } from 'vitest';
import { reclaimReport } from '../../../../electron/core/views/reclaim';
import { asset, assignment, cacheWith, deployment, NOW, user } from '../../../helpers/cache';
import type { CachedRoster } from '../../../../electron/core/cache/schema';

const roster = (parts: Partial<CachedRoster>): CachedRoster => ({
  fileName: 'r.csv',
  loadedAt: NOW,
  clientUserIds: [],
  emails: [],
  serialNumbers: [],
  ...parts,
});

const data = cacheWith({
  assets: [asset(), asset({ adamId: '200' })],
  users: [user('ann'), user('bob'), user('cat'), user('dan')],
  assignments: [
    assignment('ann'),
    assignment('bob'),
    assignment('cat'),
    assignment('dan', { adamId: '200' }),
    assignment(null, { serialNumber: 'DEV1' }),
    assignment(null, { serialNumber: 'DEV2', adamId: '200' }),
  ],
  deployments: [deployment('bob')],
});

describe('reclaimReport', () => {
  it('lists exactly the licenses of people and devices not on the roster', () => {
    const r = reclaimReport(
      data,
      roster({ clientUserIds: ['ann'], emails: ['cat@example.com'], serialNumbers: ['dev1'] }),
      (id) => `App ${id}`,
    );
    expect(r.items.map((i) => `${i.adamId}:${i.clientUserId ?? i.serialNumber ?? ''}`).sort()).toEqual(
      ['100:bob', '200:dan', '200:DEV2'].sort(),
    );
    expect(r).toMatchObject({ people: 2, devices: 1, licenses: 3 });
    expect(r.sentence).toBe('3 licenses held by 2 people and 1 device not in your roster');
    expect(r.apps).toEqual([
      { adamId: '200', pricingParam: 'STDQ', name: 'App 200', licenses: 2 },
      { adamId: '100', pricingParam: 'STDQ', name: 'App 100', licenses: 1 },
    ]);
    expect(r.items.find((i) => i.clientUserId === 'bob')?.assignedBy).toBe('vpp-desk');
  });

  it('narrows to one app', () => {
    const r = reclaimReport(data, roster({ clientUserIds: ['x'] }), (id) => id, '200');
    expect(r.items.every((i) => i.adamId === '200')).toBe(true);
    expect(r.licenses).toBe(2);
  });
});
