import { describe, expect, it } from 'vitest';
import { failuresByUser, indexRows } from '../../../../electron/core/deploy/apply';
import { licensesFree, planLicenses, REASONS, waitingRows } from '../../../../electron/core/deploy/licenses';
import { planWrites } from '../../../../electron/core/deploy/plan';
import { asset as cachedAsset, cacheWith, deployment, NOW, user, usersById } from '../../../helpers/cache';
import type { PlanInput } from '../../../../electron/core/deploy/licenses';

const asset = (available: number) => cachedAsset({ assignedCount: 10 - available, availableCount: available });

const users = usersById([user('a'), user('b'), user('c'), user('p', 'Registered'), user('r', 'Retired')]);

function plan(overrides: Partial<PlanInput> & Pick<PlanInput, 'clientUserIds'>) {
  return planLicenses({
    asset: asset(5),
    action: 'required',
    users,
    assigned: new Set(),
    inFlight: new Set(),
    ...overrides,
  });
}

describe('licensesFree', () => {
  it('is what Apple shows available minus what is already in flight', () => {
    expect(licensesFree(asset(5), 0)).toBe(5);
    expect(licensesFree(asset(5), 2)).toBe(3);
  });

  it('is never negative, even with more in flight than Apple shows available', () => {
    expect(licensesFree(asset(2), 2)).toBe(0);
    expect(licensesFree(asset(1), 3)).toBe(0);
  });
});

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

  it('does not spend a license on a user whose association is in flight, and still assigns the others', () => {
    const p = plan({ asset: asset(2), clientUserIds: ['a', 'b', 'c'], inFlight: new Set(['a']) });
    expect([...p.decisions]).toEqual([
      ['a', 'in-flight'],
      ['b', 'assign'],
      ['c', 'no-licenses'],
    ]);
  });

  it('a user holding a license is already assigned whatever else is known of them', () => {
    const p = plan({
      asset: asset(0),
      clientUserIds: ['a', 'r', 'new'],
      assigned: new Set(['a', 'r', 'new']),
      inFlight: new Set(['a']),
    });
    expect(Object.fromEntries(p.decisions)).toEqual({
      a: 'already-assigned',
      r: 'already-assigned',
      new: 'already-assigned',
    });
  });

  it('a user in flight is not registered, retired or held for the terms again', () => {
    const p = plan({ asset: asset(0), clientUserIds: ['p', 'r', 'new'], inFlight: new Set(['p', 'r', 'new']) });
    expect(Object.fromEntries(p.decisions)).toEqual({ p: 'in-flight', r: 'in-flight', new: 'in-flight' });
  });

  it('spends no license on users who wait for the terms, are registered or retired', () => {
    const p = plan({ asset: asset(1), clientUserIds: ['p', 'new', 'r', 'a', 'b'] });
    expect(Object.fromEntries(p.decisions)).toEqual({
      p: 'pending-terms',
      new: 'register',
      r: 'retired',
      a: 'assign',
      b: 'no-licenses',
    });
  });

  it('fails everyone who accepted the terms when no license is free', () => {
    const p = plan({ asset: asset(0), clientUserIds: ['a', 'b'] });
    expect(p.licensesAvailable).toBe(0);
    expect(Object.fromEntries(p.decisions)).toEqual({ a: 'no-licenses', b: 'no-licenses' });
  });

  it('counts every decision, with zero for those nobody got', () => {
    const p = plan({
      asset: asset(2),
      clientUserIds: ['a', 'b', 'c', 'p', 'new', 'r', 'held', 'fly'],
      assigned: new Set(['held']),
      inFlight: new Set(['fly']),
    });
    expect(p.licensesAvailable).toBe(1);
    expect(p.counts).toEqual({
      assign: 1,
      'already-assigned': 1,
      'in-flight': 1,
      register: 1,
      'pending-terms': 1,
      'no-licenses': 2,
      retired: 1,
      reclaim: 0,
      'nothing-to-reclaim': 0,
    });
  });

  it('an Uninstall reclaims a license in flight too, spends none and ignores the terms', () => {
    const p = plan({
      asset: asset(0),
      action: 'uninstall',
      clientUserIds: ['r', 'fly', 'p', 'new'],
      assigned: new Set(['r']),
      inFlight: new Set(['fly']),
    });
    expect(Object.fromEntries(p.decisions)).toEqual({
      r: 'reclaim',
      fly: 'reclaim',
      p: 'nothing-to-reclaim',
      new: 'nothing-to-reclaim',
    });
    expect(p.counts).toMatchObject({ reclaim: 2, 'nothing-to-reclaim': 2, assign: 0, 'no-licenses': 0 });
  });
});

describe('waitingRows', () => {
  const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;

  it('are the Required rows waiting for the terms or for a license, oldest first', () => {
    const rows = [
      deployment('invited', { state: 'pending-terms', reason: REASONS.register, createdAt: at(30) }),
      deployment('short', { state: 'failed', reason: REASONS['no-licenses'], createdAt: at(10) }),
      deployment('wait', {
        state: 'pending-terms',
        reason: REASONS['pending-terms'],
        createdAt: at(20),
        updatedAt: at(50),
      }),
      deployment('early', { state: 'failed', reason: REASONS['no-licenses'], createdAt: at(5), updatedAt: at(55) }),
    ];
    expect(waitingRows(rows).map((d) => d.clientUserId)).toEqual(['early', 'short', 'wait', 'invited']);
    // The caller's list is left in its order.
    expect(rows.map((d) => d.clientUserId)).toEqual(['invited', 'short', 'wait', 'early']);
  });

  it('leave out rows done, in flight, failed for another reason, and every Uninstall row', () => {
    const rows = [
      deployment('held'),
      deployment('fly', { state: 'assigning', journalId: 'j-open' }),
      deployment('gone', { state: 'failed', reason: REASONS.retired }),
      deployment('unknown', { state: 'failed', reason: REASONS['user-not-found'] }),
      deployment('apple', { state: 'failed', reason: 'Apple error 9632: Asset not found' }),
      deployment('stale', { state: 'assigned', reason: REASONS['no-licenses'] }),
      deployment('u-wait', { action: 'uninstall', state: 'pending-terms', reason: REASONS['pending-terms'] }),
      deployment('u-short', { action: 'uninstall', state: 'failed', reason: REASONS['no-licenses'] }),
      deployment('u-none', { action: 'uninstall', state: 'reclaimed', reason: REASONS['nothing-to-reclaim'] }),
      deployment('w', { state: 'pending-terms', reason: REASONS['pending-terms'] }),
    ];
    expect(waitingRows(rows).map((d) => d.clientUserId)).toEqual(['w']);
    expect(waitingRows([])).toEqual([]);
  });

  it('recognise a row failed for lack of licenses by the sentence stored on it (rows outlive a release)', () => {
    const stored = deployment('short', { state: 'failed', reason: 'No licenses available.' });
    expect(waitingRows([stored])).toEqual([stored]);
  });
});

describe('the reasons rows carry', () => {
  // The admin reads these on the rows, in exports and in the CLI; they are
  // also stored in the cache, so changing one is a promise broken twice.
  it('a plan writes on each row the sentence for its decision', () => {
    const data = cacheWith({ users: [...users.values()], assignments: [] });
    const decisions = new Map([
      ['a', 'assign'],
      ['b', 'no-licenses'],
      ['p', 'pending-terms'],
      ['new', 'register'],
      ['r', 'retired'],
    ] as const);
    const req = {
      adamId: '100',
      pricingParam: 'STDQ' as const,
      action: 'required' as const,
      clientUserIds: [...decisions.keys()],
    };
    const { changes } = planWrites(
      data,
      req,
      asset(1),
      decisions,
      indexRows(data, asset(1).adamId, asset(1).pricingParam),
      NOW,
    );
    expect(Object.fromEntries(changes.map((c) => [c.id, c.reason]))).toEqual({
      a: null,
      b: 'No licenses available.',
      p: 'Waiting for the user to accept the VPP invitation (terms).',
      new: 'Invited to the Volume Purchase Program; waiting for the user to accept the terms.',
      r: 'The user is retired in Apple Business Manager and cannot receive licenses.',
    });

    const uninstall = { ...req, action: 'uninstall' as const, clientUserIds: ['none'] };
    const none = planWrites(
      data,
      uninstall,
      asset(1),
      new Map([['none', 'nothing-to-reclaim' as const]]),
      indexRows(data, asset(1).adamId, asset(1).pricingParam),
      NOW,
    );
    expect(none.changes.map((c) => c.reason)).toEqual(['No license was assigned to this user.']);
  });

  it("Apple's failures read as sentences: 9709 no licenses, 9609 an unknown user", () => {
    const failed = failuresByUser(
      {
        uId: 'e1',
        eventStatus: 'COMPLETE',
        numCompleted: 0,
        numRequested: 2,
        failures: [
          { errorNumber: 9709, errorInfo: { clientUserIds: ['a'] } },
          { errorNumber: 9609, errorInfo: { clientUserIds: ['b'] } },
        ],
      },
      ['a', 'b'],
    );
    expect(failed.get('a')?.message).toBe('No licenses available.');
    expect(failed.get('b')?.message).toBe('Apple does not know this user.');
  });

  it('a write that may have reached Apple reads as sent and unconfirmed', () => {
    // Set on rows by the deploy runner when a send fails after leaving the machine.
    expect(REASONS.unconfirmed).toBe('Sent to Apple; confirmation pending.');
  });
});
