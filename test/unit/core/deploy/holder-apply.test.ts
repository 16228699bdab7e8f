// Apple's answers to holders writes applied to the cache: counts, assignments, users and VPP Desk's rows together.
import { describe, expect, it } from 'vitest';
import { applyHolderEvent } from '../../../../electron/core/deploy/holder-apply';
import { newEntry } from '../../../../electron/core/deploy/journal';
import { asset, assignment, cacheWith, deployment, NOW, user } from '../../../helpers/cache';
import type { FinishedEvent } from '../../../../electron/core/apple';

const complete = (failures: FinishedEvent['failures'] = []): FinishedEvent => ({
  uId: '1',
  eventStatus: 'COMPLETE',
  failures,
  numCompleted: 0,
  numRequested: 0,
});

describe('applyHolderEvent', () => {
  it('device associations use licenses; a 9709 for one device leaves it without', () => {
    const data = cacheWith({ assets: [asset({ availableCount: 1, assignedCount: 0 })] });
    const entry = {
      ...newEntry('associate', { adamId: '100', pricingParam: 'STDQ' }, [], NOW, ['A', 'B']),
      holders: true as const,
    };
    data.journal.push(entry);
    const result = applyHolderEvent(
      data,
      entry,
      complete([{ errorNumber: 9709, errorInfo: { serialNumbers: ['B'] } }]),
      NOW,
    );
    expect(result.done).toEqual(['s:A']);
    expect(result.failed.get('s:B')).toBe('No licenses available.');
    expect(data.assignments).toEqual([assignment(null, { serialNumber: 'A' })]);
    expect(data.assets[0]).toMatchObject({ assignedCount: 1, availableCount: 0 });
    expect(entry.status).toBe('done');
  });

  it('a disassociation frees only its own pricing: the same app bought at the other price keeps its license and row', () => {
    const data = cacheWith({
      assets: [
        asset({ assignedCount: 2, availableCount: 8 }),
        asset({ pricingParam: 'PLUS', assignedCount: 2, availableCount: 8 }),
      ],
      users: [user('ann')],
      assignments: [
        assignment('ann'),
        assignment('ann', { pricingParam: 'PLUS' }),
        assignment(null, { serialNumber: 'A' }),
        assignment(null, { serialNumber: 'A', pricingParam: 'PLUS' }),
      ],
      deployments: [deployment('ann'), deployment('ann', { pricingParam: 'PLUS' })],
    });
    const entry = {
      ...newEntry('disassociate', { adamId: '100', pricingParam: 'PLUS' }, ['ann'], NOW, ['A']),
      holders: true as const,
    };
    const result = applyHolderEvent(data, entry, complete(), NOW);
    expect(result.done).toEqual(['u:ann', 's:A']);
    expect(data.assignments).toEqual([assignment('ann'), assignment(null, { serialNumber: 'A' })]);
    expect(data.assets[0]).toMatchObject({ pricingParam: 'STDQ', assignedCount: 2, availableCount: 8 });
    expect(data.assets[1]).toMatchObject({ pricingParam: 'PLUS', assignedCount: 0, availableCount: 10 });
    expect(data.deployments[0]).toMatchObject({ pricingParam: 'STDQ', state: 'assigned' });
    expect(data.deployments[1]).toMatchObject({ pricingParam: 'PLUS', state: 'reclaimed', action: 'uninstall' });
  });

  it('revoke frees revocable licenses and marks VPP Desk rows reclaimed', () => {
    const data = cacheWith({
      assets: [
        asset({ assignedCount: 1, availableCount: 0 }),
        asset({ adamId: '300', productType: 'Book', revocable: false, assignedCount: 1 }),
      ],
      users: [user('ann')],
      assignments: [assignment('ann'), assignment('ann', { adamId: '300' })],
      deployments: [deployment('ann')],
    });
    const entry = newEntry('revoke', null, ['ann'], NOW);
    applyHolderEvent(data, entry, complete(), NOW);
    expect(data.assignments).toEqual([assignment('ann', { adamId: '300' })]);
    expect(data.assets[0]).toMatchObject({ assignedCount: 0, availableCount: 1 });
    expect(data.deployments[0]).toMatchObject({ state: 'reclaimed', action: 'uninstall' });
  });

  it('retire ends the user: apps return, books are spent', () => {
    const data = cacheWith({
      assets: [
        asset({ assignedCount: 1, availableCount: 0 }),
        asset({ adamId: '300', productType: 'Book', revocable: false, assignedCount: 1 }),
      ],
      users: [user('ann', 'Registered', { inviteCode: 'abc' })],
      assignments: [assignment('ann'), assignment('ann', { adamId: '300' })],
    });
    applyHolderEvent(data, newEntry('retire-users', null, ['ann'], NOW), complete(), NOW);
    expect(data.assignments).toEqual([]);
    expect(data.users[0]).toMatchObject({ status: 'Retired', inviteCode: null });
    expect(data.assets[0]).toMatchObject({ availableCount: 1 });
    expect(data.assets[1]).toMatchObject({ assignedCount: 0, retiredCount: 1, availableCount: 10 });
  });

  it('a retire resent after a sync already dropped its assignments still marks the rows reclaimed', () => {
    // The retire's answer was lost; a sync read Apple after it acted, so the cache no longer lists ann's license.
    const data = cacheWith({
      assets: [asset({ assignedCount: 0, availableCount: 1 })],
      users: [user('ann'), user('bob')],
      assignments: [assignment('bob')],
      deployments: [deployment('ann'), deployment('bob')],
    });
    applyHolderEvent(data, newEntry('retire-users', null, ['ann'], NOW), complete(), NOW);
    expect(data.deployments[0]).toMatchObject({ clientUserId: 'ann', state: 'reclaimed', action: 'uninstall' });
    expect(data.deployments[1]).toMatchObject({ clientUserId: 'bob', state: 'assigned' });
    // Nothing freed twice: the counts were already Apple's.
    expect(data.assets[0]).toMatchObject({ assignedCount: 0, availableCount: 1 });
  });
});
