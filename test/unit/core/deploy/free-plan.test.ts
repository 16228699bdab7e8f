// Revoke, retire and reclaim, planned: what each frees, who it names, batching and refusals.
import { describe, expect, it } from 'vitest';
import { planReclaim, planRetire, planRevoke } from '../../../../electron/core/deploy/free-plan';
import { asset, assignment, cacheWith, NOW, user } from '../../../helpers/cache';

const data = cacheWith({
  assets: [asset(), asset({ adamId: '300', productType: 'Book', revocable: false })],
  users: [user('ann'), user('bob'), user('old', 'Retired')],
  assignments: [
    assignment('ann'),
    assignment('ann', { adamId: '300' }),
    assignment('bob'),
    assignment(null, { serialNumber: 'DEV1' }),
  ],
});

describe('planRevoke', () => {
  it('names every revocable license of the user; books stay', () => {
    const { plan, entries } = planRevoke(data, { clientUserId: 'ann' }, NOW);
    expect(plan).toMatchObject({ kind: 'revoke', people: 1, devices: 0, licenses: 1, refused: null });
    expect(plan.items[0]).toMatchObject({ adamId: '100', clientUserId: 'ann', outcome: 'planned' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'revoke', clientUserIds: ['ann'], serialNumbers: [], holders: true });
  });

  it('revokes a device by serial number', () => {
    const { plan, entries } = planRevoke(data, { serialNumber: 'DEV1' }, NOW);
    expect(plan).toMatchObject({ devices: 1, licenses: 1 });
    expect(entries[0]?.serialNumbers).toEqual(['DEV1']);
  });

  it('refuses an unknown user and a holder with nothing to revoke', () => {
    expect(planRevoke(data, { clientUserId: 'zed' }, NOW).plan.refused).toMatch(/does not know/);
    expect(planRevoke(data, { serialNumber: 'NONE' }, NOW)).toMatchObject({ entries: [] });
  });
});

describe('planRetire', () => {
  it('retires the users and names every license they hold, books included', () => {
    const { plan, entries } = planRetire(data, ['ann', 'bob'], NOW);
    expect(plan).toMatchObject({ kind: 'retire', people: 2, licenses: 3, refused: null });
    expect(entries.map((e) => [e.kind, e.clientUserIds])).toEqual([['retire-users', ['ann', 'bob']]]);
  });

  it('refuses unknown or already retired users', () => {
    expect(planRetire(data, ['zed'], NOW).plan.refused).toMatch(/does not know "zed"/);
    expect(planRetire(data, ['old'], NOW).plan.refused).toBe('User old is already retired.');
  });
});

describe('planReclaim', () => {
  it('disassociates per app, users and devices in one request', () => {
    const { plan, entries } = planReclaim(
      data,
      [
        { adamId: '100', pricingParam: 'STDQ', clientUserId: 'bob', serialNumber: null },
        { adamId: '100', pricingParam: 'STDQ', clientUserId: null, serialNumber: 'DEV1' },
      ],
      NOW,
    );
    expect(plan).toMatchObject({ people: 1, devices: 1, licenses: 2 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'disassociate',
      adamId: '100',
      clientUserIds: ['bob'],
      serialNumbers: ['DEV1'],
    });
  });
});
