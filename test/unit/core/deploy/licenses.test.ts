import { describe, expect, it } from 'vitest';
import { planLicenses } from '../../../../electron/core/deploy/licenses';
import { asset as cachedAsset, user, usersById } from '../../../helpers/cache';

const asset = (available: number) => cachedAsset({ assignedCount: 10 - available, availableCount: available });

const users = usersById([user('a'), user('b'), user('c'), user('p', 'Registered'), user('r', 'Retired')]);

describe('planLicenses', () => {
  it('assigns no more than available, in request order, and fails the rest', () => {
    const plan = planLicenses({
      asset: asset(2),
      action: 'required',
      clientUserIds: ['a', 'b', 'c'],
      users,
      assigned: new Set(),
      inFlight: new Set(),
    });
    expect([...plan.decisions]).toEqual([
      ['a', 'assign'],
      ['b', 'assign'],
      ['c', 'no-licenses'],
    ]);
  });

  it('counts licenses already in flight against what is available', () => {
    const plan = planLicenses({
      asset: asset(2),
      action: 'required',
      clientUserIds: ['b', 'c'],
      users,
      assigned: new Set(),
      inFlight: new Set(['a']),
    });
    expect(plan.licensesAvailable).toBe(1);
    expect(plan.counts.assign).toBe(1);
    expect(plan.counts['no-licenses']).toBe(1);
  });

  it('gates on the terms: pending users wait, unknown users are registered, retired fail', () => {
    const plan = planLicenses({
      asset: asset(5),
      action: 'required',
      clientUserIds: ['p', 'new', 'r', 'a', 'a'],
      users,
      assigned: new Set(),
      inFlight: new Set(),
    });
    expect(Object.fromEntries(plan.decisions)).toEqual({
      p: 'pending-terms',
      new: 'register',
      r: 'retired',
      a: 'assign',
    });
    expect(plan.counts.assign).toBe(1);
  });

  it('does not spend a license on a user who already holds one', () => {
    const plan = planLicenses({
      asset: asset(0),
      action: 'required',
      clientUserIds: ['a'],
      users,
      assigned: new Set(['a']),
      inFlight: new Set(),
    });
    expect(plan.decisions.get('a')).toBe('already-assigned');
  });

  it('reclaims only licenses that are held', () => {
    const plan = planLicenses({
      asset: asset(0),
      action: 'uninstall',
      clientUserIds: ['a', 'b'],
      users,
      assigned: new Set(['a']),
      inFlight: new Set(),
    });
    expect(Object.fromEntries(plan.decisions)).toEqual({ a: 'reclaim', b: 'nothing-to-reclaim' });
  });
});
