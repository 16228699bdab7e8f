// The window's and the CLI's read-only views of a real cache (a Store in a throw-away folder).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../electron/core/apple/batching';
import { Queries, userIndexesBuiltInOneCall } from '../../../../electron/core/views/queries';
import { contract } from '../../../../shared/contract';
import { asset, assignment, deployment, tempStore, user, type TempStore } from '../../../helpers/cache';
import type { CacheData } from '../../../../electron/core/cache/schema';

const at = (minute: number) => `2026-11-24T09:${String(minute).padStart(2, '0')}:00.000Z`;

function fill(data: CacheData): void {
  data.appNames = { '1': 'App 10', '2': 'app 2' };
  data.service = {
    limits: { ...DEFAULT_LIMITS },
    invitationUrlTemplate: 'https://vpp.example/invite?code=%inviteCode%',
    contentMetadataLookupUrl: null,
    fetchedAt: at(0),
  };
  data.assets = [
    asset({ adamId: '1', totalCount: 100, assignedCount: 97, availableCount: 3 }),
    asset({ adamId: '2', totalCount: 100, assignedCount: 50, availableCount: 50, productType: 'Book' }),
    asset({ adamId: '2', pricingParam: 'PLUS', totalCount: 20, assignedCount: 0, availableCount: 20 }),
    asset({ adamId: '3', totalCount: 0, assignedCount: 0, availableCount: 0 }),
  ];
  data.users = [
    user('u-acc'),
    user('u-pend', 'Registered', { inviteCode: 'A B' }),
    user('u-ret', 'Retired'),
    user('u-mgd', 'Registered', { managedAppleId: 'm@example.com', inviteCode: 'C' }),
  ];
  data.assignments = [assignment('u-acc', { adamId: '2' }), assignment(null, { adamId: '1', serialNumber: 'SER1' })];
  data.deployments = [
    deployment('u-acc', { adamId: '2', updatedAt: at(4) }),
    deployment('u-pend', { adamId: '2', state: 'pending-terms', reason: 'Waiting for the terms', updatedAt: at(2) }),
    deployment('u-ret', { adamId: '2', pricingParam: 'PLUS', state: 'failed', reason: 'Retired', updatedAt: at(3) }),
    deployment('u-acc', { adamId: '1', action: 'uninstall', state: 'reclaimed', updatedAt: at(1) }),
    deployment('ghost', { adamId: '1', state: 'pending-terms', reason: 'Invited', updatedAt: at(5) }),
  ];
  data.activity = [
    { at: at(1), kind: 'sync', message: 'Synced 4 apps.' },
    { at: at(2), kind: 'deployment', message: 'Required: app 2 for 2 users.' },
    { at: at(3), kind: 'sync', message: 'Synced 4 apps again.' },
  ] as CacheData['activity'];
}

const apps = (over: object = {}) => contract['apps:query'].request.parse(over);
const users = (over: object = {}) => contract['users:query'].request.parse(over);
const deployments = (over: object = {}) => contract['deployments:query'].request.parse(over);
const activity = (over: object = {}) => contract['activity:query'].request.parse(over);
const assignments = (over: object = {}) => contract['assignments:query'].request.parse(over);

let temp: TempStore;
let queries: Queries;

beforeEach(async () => {
  temp = await tempStore(fill);
  queries = new Queries(temp.store);
});
afterEach(async () => {
  await temp.dispose();
});

describe('Queries: apps', () => {
  it('joins each purchase with its name and deployment count, sorted by name (natural, any case)', async () => {
    const result = await queries.queryApps(apps());
    expect(result.total).toBe(4);
    expect(result.rows.map((r) => [r.name, r.pricingParam, r.deploymentCount])).toEqual([
      ['3', 'STDQ', 0],
      ['app 2', 'STDQ', 2],
      ['app 2', 'PLUS', 1],
      ['App 10', 'STDQ', 2],
    ]);
    expect(result.rows[1]).toMatchObject({ adamId: '2', totalCount: 100, availableCount: 50, productType: 'Book' });
  });

  it('keeps only apps running low when asked (the shared low-stock rule), never one with nothing bought', async () => {
    expect((await queries.queryApps(apps({ lowStockOnly: true }))).rows.map((r) => r.adamId)).toEqual(['1']);
    expect((await queries.queryApps(apps({ lowStockOnly: false }))).total).toBe(4);
  });

  it('searches name, id and product type', async () => {
    expect((await queries.queryApps(apps({ search: 'APP 10' }))).rows.map((r) => r.adamId)).toEqual(['1']);
    expect((await queries.queryApps(apps({ search: 'book' }))).rows.map((r) => r.adamId)).toEqual(['2']);
  });

  it('sorts by a count on request', async () => {
    const rows = (await queries.queryApps(apps({ sortBy: 'availableCount', sortDir: 'desc' }))).rows;
    expect(rows.map((r) => r.availableCount)).toEqual([50, 20, 3, 0]);
  });
});

describe('Queries: users', () => {
  it('derives the terms status and the invitation link of users still to accept', async () => {
    const rows = (await queries.queryUsers(users())).rows;
    expect(rows.map((r) => [r.clientUserId, r.termsStatus, r.inviteUrl])).toEqual([
      ['u-acc', 'accepted', null],
      ['u-mgd', 'accepted', null],
      ['u-pend', 'pending', 'https://vpp.example/invite?code=A%20B'],
      ['u-ret', 'retired', null],
    ]);
  });

  it('filters by terms status', async () => {
    expect((await queries.queryUsers(users({ terms: 'accepted' }))).rows.map((r) => r.clientUserId)).toEqual([
      'u-acc',
      'u-mgd',
    ]);
    expect((await queries.queryUsers(users({ terms: 'retired' }))).total).toBe(1);
  });
});

describe('Queries: assignments', () => {
  it('lists user and device assignments, paged', async () => {
    const result = await queries.queryAssignments(assignments({ limit: 1 }));
    expect(result.total).toBe(2);
    expect(result.rows).toEqual([{ adamId: '1', pricingParam: 'STDQ', clientUserId: null, serialNumber: 'SER1' }]);
  });
});

describe('Queries: deployments', () => {
  it('joins app name, email and terms status, oldest change first by default', async () => {
    const rows = (await queries.queryDeployments(deployments())).rows;
    expect(rows.map((r) => r.updatedAt)).toEqual([at(1), at(2), at(3), at(4), at(5)]);
    expect(rows[1]).toEqual({
      adamId: '2',
      pricingParam: 'STDQ',
      appName: 'app 2',
      clientUserId: 'u-pend',
      email: 'u-pend@example.com',
      action: 'required',
      state: 'pending-terms',
      termsStatus: 'pending',
      reason: 'Waiting for the terms',
      updatedAt: at(2),
    });
    expect(rows[4]).toMatchObject({ clientUserId: 'ghost', email: null, termsStatus: 'not-invited' });
  });

  it('filters by app, action, state and terms status, together', async () => {
    const who = async (over: object) =>
      (await queries.queryDeployments(deployments(over))).rows.map((r) => r.clientUserId);
    expect(await who({ adamId: '2' })).toEqual(['u-pend', 'u-ret', 'u-acc']);
    expect(await who({ adamId: '2', state: 'failed' })).toEqual(['u-ret']);
    expect(await who({ action: 'uninstall' })).toEqual(['u-acc']);
    expect(await who({ terms: 'not-invited' })).toEqual(['ghost']);
    expect(await who({ adamId: '1', action: 'required', state: 'pending-terms', terms: 'not-invited' })).toEqual([
      'ghost',
    ]);
    expect(await who({ adamId: '1', terms: 'retired' })).toEqual([]);
  });

  it('searches the reason and email too', async () => {
    const who = async (search: string) =>
      (await queries.queryDeployments(deployments({ search }))).rows.map((r) => r.clientUserId);
    expect(await who('retired')).toEqual(['u-ret']);
    expect(await who('u-pend@example')).toEqual(['u-pend']);
  });

  it('gives every matching row for export, whatever the page limit', async () => {
    const query = deployments({ adamId: '2', limit: 1 });
    expect((await queries.queryDeployments(query)).rows).toHaveLength(1);
    expect((await queries.allDeployments(query)).map((r) => r.clientUserId)).toEqual(['u-pend', 'u-ret', 'u-acc']);
  });
});

describe('Queries: deployment search (by app, user and reason, without a text per row)', () => {
  const who = async (search: string, over: object = {}) =>
    (await queries.queryDeployments(deployments({ search, ...over }))).rows.map((r) => `${r.clientUserId}/${r.adamId}`);

  it('finds a needle across fields and parts as the joined text does: app, id, user, email, reason', async () => {
    expect(await who('app 2 2 u-pend')).toEqual(['u-pend/2']);
    expect(await who('EXAMPLE.COM WAITING')).toEqual(['u-pend/2']);
    expect(await who('1 u-acc')).toEqual(['u-acc/1']);
    expect(await who('app 2 2 u-')).toEqual(['u-pend/2', 'u-ret/2', 'u-acc/2']);
    // No email: the text has two spaces between the user and the reason.
    expect(await who('ghost  invited')).toEqual(['ghost/1']);
    expect(await who('ghost invited')).toEqual([]);
    expect(await who('retired', { state: 'failed', sortBy: 'clientUserId', sortDir: 'desc' })).toEqual(['u-ret/2']);
  });

  it('matches exactly the rows whose joined text includes the needle, for every piece of every row', async () => {
    const all = await queries.allDeployments(deployments());
    const text = (r: (typeof all)[number]) =>
      `${r.appName} ${r.adamId} ${r.clientUserId} ${r.email ?? ''} ${r.reason ?? ''}`.toLowerCase();
    const needles = new Set<string>();
    for (const t of all.map(text)) {
      for (let from = 0; from < t.length; from++) needles.add(t.slice(from, from + 12).trim());
    }
    needles.delete('');
    for (const needle of needles) {
      const want = all.filter((r) => text(r).includes(needle)).map((r) => `${r.clientUserId}/${r.adamId}`);
      expect(await who(needle.toUpperCase()), needle).toEqual(want);
    }
  });

  it('searches a new generation by its own emails, not what an earlier search found', async () => {
    expect(await who('u-pend@example')).toEqual(['u-pend/2']);
    expect(await who('ghost@')).toEqual([]);
    await temp.store.update((data) => {
      const pend = data.users.find((u) => u.clientUserId === 'u-pend');
      if (pend) pend.email = 'pat@school.example';
      data.users.push(user('ghost', 'Associated', { email: 'ghost@example.com' }));
    });
    expect(await who('u-pend@example')).toEqual([]);
    expect(await who('pat@school')).toEqual(['u-pend/2']);
    expect(await who('ghost@')).toEqual(['ghost/1']);
  });
});

describe('Queries: activity', () => {
  it('shows the newest first unless another order is asked for, and filters by kind', async () => {
    const messages = async (over: object) => (await queries.queryActivity(activity(over))).rows.map((r) => r.at);
    expect(await messages({})).toEqual([at(3), at(2), at(1)]);
    expect(await messages({ sortBy: 'at', sortDir: 'asc' })).toEqual([at(1), at(2), at(3)]);
    expect(await messages({ kind: 'sync' })).toEqual([at(3), at(1)]);
    expect((await queries.queryActivity(activity({ search: 'again' }))).total).toBe(1);
  });
});

describe('Queries: after the cache changes', () => {
  it('shows a change made through the store at the next query', async () => {
    expect((await queries.queryApps(apps())).total).toBe(4);
    expect((await queries.queryDeployments(deployments({ adamId: '1' }))).rows[1]?.email).toBeNull();

    await temp.store.update((data) => {
      data.assets.push(asset({ adamId: '4' }));
      data.appNames['4'] = 'Zeta';
      data.users.push(user('ghost', 'Associated', { email: 'ghost@example.com' }));
    });

    expect((await queries.queryApps(apps())).rows.map((r) => r.name)).toContain('Zeta');
    expect((await queries.queryDeployments(deployments({ adamId: '1' }))).rows[1]).toMatchObject({
      clientUserId: 'ghost',
      email: 'ghost@example.com',
      termsStatus: 'accepted',
    });
    expect(queries.userIndex().get('ghost')?.email).toBe('ghost@example.com');
  });

  it('indexes the users again when they grew or were replaced, not at a change of anything else', async () => {
    const first = queries.userIndex();
    await temp.store.update((data) => void data.deployments.push(deployment('u-acc', { adamId: '2' })));
    expect(queries.userIndex()).toBe(first);
    await temp.store.update((data) => {
      const acc = data.users.find((u) => u.clientUserId === 'u-acc');
      if (acc) acc.email = 'changed@example.com';
    });
    expect(queries.userIndex()).toBe(first);
    expect(queries.userIndex().get('u-acc')?.email).toBe('changed@example.com');
    await temp.store.update((data) => void data.users.push(user('late')));
    expect(queries.userIndex()).not.toBe(first);
    expect(queries.userIndex().has('late')).toBe(true);
    await temp.store.update((data) => void (data.users = data.users.filter((u) => u.clientUserId !== 'late')));
    expect(queries.userIndex().has('late')).toBe(false);
  });

  it('builds the user index ahead a slice at a time, and userIndex() then uses it', async () => {
    const built = userIndexesBuiltInOneCall();
    const indexing = queries.indexUsers(1);
    // Queued after the build began: it runs before the build ends only if the build gives the event loop a turn.
    let between = false;
    setImmediate(() => (between = true));
    await indexing;
    expect(between).toBe(true);
    const index = queries.userIndex();
    expect([...index.keys()].sort()).toEqual(['u-acc', 'u-mgd', 'u-pend', 'u-ret']);
    expect(queries.userIndex()).toBe(index);
    expect(userIndexesBuiltInOneCall()).toBe(built);
  });

  it('drops an index built ahead while the users changed: userIndex() indexes them as they are', async () => {
    const indexing = queries.indexUsers(1);
    await temp.store.update((data) => void data.users.push(user('late')));
    await indexing;
    expect(queries.userIndex().has('late')).toBe(true);
  });

  it('names an app by its id until its name is known', async () => {
    expect(queries.appName('3')).toBe('3');
    expect(queries.appName('1')).toBe('App 10');
  });
});
