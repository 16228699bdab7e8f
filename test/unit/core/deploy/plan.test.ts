// Deploy planning, pure: ids, the app asked for, per-user decisions, the reviewed plan and the writes of a run.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../electron/core/apple/batching';
import { indexRows } from '../../../../electron/core/deploy/apply';
import { REASONS } from '../../../../electron/core/deploy/licenses';
import {
  findAsset,
  licensePlanFor,
  limitsOf,
  planWrites,
  summarise,
  uniqueIds,
  type DeployRequest,
} from '../../../../electron/core/deploy/plan';
import { findLookalikes, lookalikeRefusal, namePeople } from '../../../../electron/core/deploy/plan-people';
import { VppError } from '../../../../shared/errors';
import { asset, assignment, cacheWith, deployment, NOW, user, usersById } from '../../../helpers/cache';
import type { CacheData, CachedAsset, ServiceInfo } from '../../../../electron/core/cache/schema';

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

function service(limits: Partial<ServiceInfo['limits']>): ServiceInfo {
  return {
    limits: limits as ServiceInfo['limits'],
    invitationUrlTemplate: null,
    contentMetadataLookupUrl: null,
    fetchedAt: NOW,
  };
}

/** Plans and works out the writes the way the runner does, from the cache alone. */
function run(data: CacheData, app: CachedAsset, action: DeployRequest['action'], clientUserIds: string[]) {
  const req: DeployRequest = { adamId: app.adamId, pricingParam: app.pricingParam, action, clientUserIds };
  const plan = licensePlanFor(data, usersById(data.users), app, action, uniqueIds(clientUserIds));
  return { plan, ...planWrites(data, req, app, plan.decisions, indexRows(data, app.adamId, app.pricingParam), NOW) };
}

describe('uniqueIds', () => {
  it('trims, drops blanks and repeats, and keeps the first occurrence in queue order', () => {
    expect(uniqueIds([' b ', 'a', '', '   ', 'b', 'c', 'a '])).toEqual(['b', 'a', 'c']);
  });
});

describe('findAsset', () => {
  const stdq = asset({ adamId: '100', pricingParam: 'STDQ' });
  const plus = asset({ adamId: '100', pricingParam: 'PLUS' });
  const other = asset({ adamId: '200' });

  it('finds the one purchase of an app', () => {
    expect(findAsset([stdq, other], '100')).toBe(stdq);
  });

  it('takes the pricing asked for when the app was bought with both', () => {
    expect(findAsset([stdq, plus], '100', 'PLUS')).toBe(plus);
  });

  it('asks for a pricing when the app was bought with both and none was given', () => {
    expect(() => findAsset([stdq, plus], '100')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', message: expect.stringMatching(/both STDQ and PLUS/) }),
    );
  });

  it('refuses an app not among the purchases, naming the id and the pricing asked for', () => {
    let err: unknown;
    try {
      findAsset([stdq], '100', 'PLUS');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VppError);
    expect(err).toMatchObject({ code: 'UNKNOWN_APP', message: expect.stringContaining('App 100 (PLUS) is not among') });
    expect(() => findAsset([stdq], '999')).toThrow(/App 999 is not among/);
  });
});

describe('licensePlanFor', () => {
  it('counts as holding only assignments of the same app and pricing, never device assignments', () => {
    const data = cacheWith({
      users: ['a', 'b', 'c'].map((id) => user(id)),
      assignments: [
        assignment('a'),
        assignment('b', { pricingParam: 'PLUS' }),
        assignment('c', { adamId: '200' }),
        assignment(null, { serialNumber: 'SERIAL1' }),
      ],
    });
    const plan = licensePlanFor(data, usersById(data.users), asset(), 'required', ['a', 'b', 'c']);
    expect(Object.fromEntries(plan.decisions)).toEqual({ a: 'already-assigned', b: 'assign', c: 'assign' });
  });

  it('counts associations in flight for this app against the licenses available', () => {
    const data = cacheWith({
      users: ['x', 'a', 'b'].map((id) => user(id)),
      deployments: [
        deployment('x', { state: 'assigning', journalId: 'j1' }),
        // Not in flight: requeued (no journal entry), another pricing, another app, or not assigning.
        deployment('q', { state: 'assigning', journalId: null }),
        deployment('p', { state: 'assigning', journalId: 'j2', pricingParam: 'PLUS' }),
        deployment('o', { state: 'assigning', journalId: 'j3', adamId: '200' }),
        deployment('r', { state: 'reclaiming', journalId: 'j4' }),
      ],
    });
    const plan = licensePlanFor(data, usersById(data.users), asset({ availableCount: 2 }), 'required', ['x', 'a', 'b']);
    expect(plan.licensesAvailable).toBe(1);
    expect(Object.fromEntries(plan.decisions)).toEqual({ x: 'in-flight', a: 'assign', b: 'no-licenses' });
  });
});

describe('summarise', () => {
  it('sums the decisions into the plan the admin reviews (Required)', () => {
    const data = cacheWith({
      users: [user('held'), user('fly'), user('ok1'), user('ok2'), user('wait', 'Registered'), user('gone', 'Retired')],
      assignments: [assignment('held')],
      deployments: [deployment('fly', { state: 'assigning', journalId: 'j1' })],
    });
    const app = asset({ availableCount: 2 });
    const ids = ['held', 'fly', 'ok1', 'ok2', 'wait', 'gone', 'new'];
    const plan = licensePlanFor(data, usersById(data.users), app, 'required', ids);
    expect(summarise(app, 'Keynote', 'required', ids.length, plan)).toEqual({
      adamId: '100',
      pricingParam: 'STDQ',
      appName: 'Keynote',
      action: 'required',
      users: 7,
      // ok1 + ok2 (one gets the last free license, one does not), wait, new
      licensesNeeded: 4,
      licensesAvailable: 1,
      willAssign: 1,
      alreadyAssigned: 2,
      pendingTerms: 2,
      toRegister: 1,
      willFail: 2,
      willReclaim: 0,
    });
  });

  it('needs no licenses to uninstall and counts what will be reclaimed', () => {
    const data = cacheWith({
      users: [user('held'), user('fly'), user('none')],
      assignments: [assignment('held')],
      deployments: [deployment('fly', { state: 'assigning', journalId: 'j1' })],
    });
    const app = asset();
    const plan = licensePlanFor(data, usersById(data.users), app, 'uninstall', ['held', 'fly', 'none']);
    expect(summarise(app, 'Keynote', 'uninstall', 3, plan)).toMatchObject({
      action: 'uninstall',
      licensesNeeded: 0,
      willReclaim: 2,
      willAssign: 0,
      willFail: 0,
    });
  });
});

describe('limitsOf', () => {
  it('uses the documented defaults before service config was read', () => {
    expect(limitsOf(cacheWith())).toEqual(DEFAULT_LIMITS);
  });

  it('takes Apple’s limits as last read and fills any a cache written earlier lacks', () => {
    const data = cacheWith({
      service: service({ maxAssets: 5, maxClientUserIds: 7, maxSerialNumbers: 9, maxUsers: 3 }),
    });
    expect(limitsOf(data)).toEqual({
      maxAssets: 5,
      maxClientUserIds: 7,
      maxSerialNumbers: 9,
      maxUsers: 3,
      maxRevokeClientUserIds: DEFAULT_LIMITS.maxRevokeClientUserIds,
      maxRevokeSerialNumbers: DEFAULT_LIMITS.maxRevokeSerialNumbers,
    });
  });
});

describe('planWrites', () => {
  it('chunks associations and registrations to Apple’s limits, each row pointing at its own entry', () => {
    const assign = ids('a', 5);
    const unknown = ids('n', 4);
    const data = cacheWith({
      service: service({ maxClientUserIds: 2, maxUsers: 3 }),
      users: assign.map((id) => user(id)),
    });
    const { entries, changes } = run(data, asset(), 'required', [...assign, ...unknown]);

    expect(entries.map((e) => [e.kind, e.clientUserIds])).toEqual([
      ['create-users', ['n1', 'n2', 'n3']],
      ['create-users', ['n4']],
      ['associate', ['a1', 'a2']],
      ['associate', ['a3', 'a4']],
      ['associate', ['a5']],
    ]);
    for (const e of entries) {
      expect(e).toMatchObject({
        adamId: '100',
        pricingParam: 'STDQ',
        status: 'prepared',
        eventId: null,
        createdAt: NOW,
      });
    }
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    const entryOf = new Map(entries.flatMap((e) => e.clientUserIds.map((id) => [id, e.id] as const)));
    expect(changes).toHaveLength(9);
    for (const c of changes) {
      expect(c.journalId).toBe(entryOf.get(c.id));
      expect(c.state).toBe(c.id.startsWith('a') ? 'assigning' : 'pending-terms');
      expect(c.reason).toBe(c.id.startsWith('a') ? null : REASONS.register);
    }
  });

  it('chunks reclaims to maxClientUserIds too', () => {
    const held = ids('h', 3);
    const data = cacheWith({
      service: service({ maxClientUserIds: 2 }),
      users: held.map((id) => user(id)),
      assignments: held.map((id) => assignment(id)),
    });
    const { entries, changes } = run(data, asset(), 'uninstall', held);
    expect(entries.map((e) => [e.kind, e.clientUserIds])).toEqual([
      ['disassociate', ['h1', 'h2']],
      ['disassociate', ['h3']],
    ]);
    expect(changes.map((c) => c.state)).toEqual(['reclaiming', 'reclaiming', 'reclaiming']);
  });

  it('chunks to the documented default when service config was never read', () => {
    const many = ids('u', DEFAULT_LIMITS.maxClientUserIds + 1);
    const data = cacheWith({ users: many.map((id) => user(id)) });
    const { entries } = run(data, asset({ totalCount: many.length, availableCount: many.length }), 'required', many);
    expect(entries.map((e) => e.clientUserIds.length)).toEqual([DEFAULT_LIMITS.maxClientUserIds, 1]);
  });

  it('never asks for more associations than the licenses available, counting those in flight', () => {
    const wanted = ids('w', 5);
    const data = cacheWith({
      users: [...wanted, 'x'].map((id) => user(id)),
      deployments: [deployment('x', { state: 'assigning', journalId: 'j-open' })],
    });
    const { entries, changes } = run(data, asset({ availableCount: 3 }), 'required', wanted);
    const associated = entries.filter((e) => e.kind === 'associate').flatMap((e) => e.clientUserIds);
    expect(associated).toEqual(['w1', 'w2']);
    expect(changes.filter((c) => c.state === 'failed')).toEqual(
      ['w3', 'w4', 'w5'].map((id) => ({ id, state: 'failed', reason: REASONS['no-licenses'], journalId: null })),
    );
  });

  it('writes nothing for a re-evaluation that changes nothing', () => {
    const data = cacheWith({
      users: [user('held'), user('wait', 'Registered'), user('short')],
      assignments: [assignment('held')],
      deployments: [
        deployment('held'),
        deployment('wait', { state: 'pending-terms', reason: REASONS['pending-terms'] }),
        deployment('short', { state: 'failed', reason: REASONS['no-licenses'] }),
        deployment('invited', { state: 'pending-terms', reason: REASONS.register }),
        deployment('fly', { state: 'assigning', journalId: 'j-open' }),
      ],
    });
    const { entries, changes } = run(data, asset({ availableCount: 1 }), 'required', [
      'held',
      'wait',
      'short',
      'invited',
      'fly',
    ]);
    expect(entries).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('does not register again a user already invited, and registers one not yet invited', () => {
    const data = cacheWith({
      deployments: [deployment('invited', { state: 'pending-terms', reason: REASONS.register })],
    });
    const { entries, changes } = run(data, asset(), 'required', ['invited', 'fresh']);
    expect(entries.map((e) => [e.kind, e.clientUserIds])).toEqual([['create-users', ['fresh']]]);
    expect(changes.map((c) => c.id)).toEqual(['fresh']);
  });

  it('leaves a row in flight as it is (its journal entry is kept)', () => {
    const data = cacheWith({
      users: [user('fly')],
      deployments: [deployment('fly', { state: 'assigning', journalId: 'j-open' })],
    });
    expect(run(data, asset(), 'required', ['fly']).changes).toEqual([]);
  });

  it('rewrites a row whose action changes even when its state, reason and entry would not', () => {
    const data = cacheWith({
      users: [user('u')],
      assignments: [assignment('u')],
      deployments: [deployment('u', { action: 'uninstall', state: 'assigned', reason: null, journalId: null })],
    });
    // Required for a user already holding a license: 'assigned', no reason, no entry; only the action differs.
    expect(run(data, asset(), 'required', ['u']).changes).toEqual([
      { id: 'u', state: 'assigned', reason: null, journalId: null },
    ]);
  });
});

describe('namePeople', () => {
  const invites = { ...service({}), invitationUrlTemplate: 'https://vpp.example/invite/%inviteCode%' };

  it('names each user with what happens to them, the reason of those who fail, and the invitation link of those who wait', () => {
    const data = cacheWith({
      service: invites,
      users: [
        user('ok'),
        user('short'),
        user('wait', 'Registered', { inviteCode: 'code 1' }),
        user('gone', 'Retired'),
        user('held'),
      ],
      assignments: [assignment('held')],
    });
    const ids = ['ok', 'short', 'wait', 'gone', 'held', 'new.hire'];
    const plan = licensePlanFor(data, usersById(data.users), asset({ availableCount: 1 }), 'required', ids);
    const { people, lookalikes } = namePeople(usersById(data.users), data.service, plan);
    expect(people).toEqual([
      { clientUserId: 'ok', decision: 'assign', email: 'ok@example.com', inviteUrl: null, reason: null },
      {
        clientUserId: 'short',
        decision: 'no-licenses',
        email: 'short@example.com',
        inviteUrl: null,
        reason: REASONS['no-licenses'],
      },
      {
        clientUserId: 'wait',
        decision: 'pending-terms',
        email: 'wait@example.com',
        inviteUrl: 'https://vpp.example/invite/code%201',
        reason: null,
      },
      {
        clientUserId: 'gone',
        decision: 'retired',
        email: 'gone@example.com',
        inviteUrl: null,
        reason: REASONS.retired,
      },
      { clientUserId: 'held', decision: 'already-assigned', email: 'held@example.com', inviteUrl: null, reason: null },
      {
        clientUserId: 'new.hire',
        decision: 'register',
        email: null,
        inviteUrl: null,
        reason: expect.stringMatching(/New to Apple/),
      },
    ]);
    expect(lookalikes).toEqual([]);
  });

  it('names who holds nothing in an Uninstall plan, with the reason', () => {
    const data = cacheWith({ users: [user('held'), user('none')], assignments: [assignment('held')] });
    const plan = licensePlanFor(data, usersById(data.users), asset(), 'uninstall', ['held', 'none']);
    const { people } = namePeople(usersById(data.users), null, plan);
    expect(people.map((p) => [p.clientUserId, p.decision, p.reason])).toEqual([
      ['held', 'reclaim', null],
      ['none', 'nothing-to-reclaim', REASONS['nothing-to-reclaim']],
    ]);
  });
});

describe('findLookalikes', () => {
  const users = usersById([
    user('alice.smith', 'Associated', { email: 'Alice@School.example' }),
    user('bob'),
    user('noemail', 'Associated', { email: null }),
  ]);

  it('suggests the known id for an unknown id differing only in case, and the id of a user whose email it is', () => {
    expect(findLookalikes(users, ['Alice.Smith', 'alice@school.example', 'BOB@EXAMPLE.COM', 'carol'])).toEqual([
      { clientUserId: 'Alice.Smith', suggestion: 'alice.smith', why: 'case' },
      { clientUserId: 'alice@school.example', suggestion: 'alice.smith', why: 'email' },
      { clientUserId: 'BOB@EXAMPLE.COM', suggestion: 'bob', why: 'email' },
    ]);
  });

  it('suggests nothing for an id nobody resembles, and nothing when every id is known', () => {
    expect(findLookalikes(users, ['carol', 'NoEmail2'])).toEqual([]);
    expect(findLookalikes(users, [])).toEqual([]);
  });

  it('a plan lists look-alikes among the ids it would register, so they are not registered silently', () => {
    const data = cacheWith({ users: [user('alice')] });
    const plan = licensePlanFor(data, usersById(data.users), asset(), 'required', ['Alice', 'ALICE@example.com']);
    expect(namePeople(usersById(data.users), null, plan).lookalikes).toEqual([
      { clientUserId: 'Alice', suggestion: 'alice', why: 'case' },
      { clientUserId: 'ALICE@example.com', suggestion: 'alice', why: 'email' },
    ]);
  });

  it('the refusal names each id with its suggestion, at most five, and how many more', () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      clientUserId: `U${i}`,
      suggestion: `u${i}`,
      why: 'case' as const,
    }));
    const err = lookalikeRefusal(many);
    expect(err).toMatchObject({ code: 'VALIDATION' });
    expect(err.message).toContain('"U0" (did you mean "u0"?)');
    expect(err.message).toContain('"U4" (did you mean "u4"?)');
    expect(err.message).not.toContain('"U5"');
    expect(err.message).toContain('and 2 more');
  });
});
