// The window's thread never reads the cache's large lists in one blocking call: every handler that uses the
// users, the assignments or VPP Desk's deployment rows reads their parts ahead, a slice at a time (create-core.ts,
// part-read.ts). Each handler runs on a core that has read nothing yet; the count of blocking reads (and of user,
// holders and one app's holders indexes built in one call) must not move. The views themselves build and sort in
// slices (views/steps.ts).
import { describe, expect, it } from 'vitest';
import { call } from '../../../../electron/core/app';
import { createCore } from '../../../../electron/core/app/create-core';
import { blockingPartReads } from '../../../../electron/core/cache/collections';
import { Store } from '../../../../electron/core/cache/store';
import { MemoryVault } from '../../../../electron/core/token/vault';
import { appHolderSetsBuiltInOneCall } from '../../../../electron/core/views/app-holders';
import { holderIndexesBuiltInOneCall } from '../../../../electron/core/views/holders';
import { userIndexesBuiltInOneCall } from '../../../../electron/core/views/queries';
import { asset, assignment, deployment, tokenMeta, user } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';
import { withOfflineCore } from '../../../helpers/offline-core';
import { tempDirs } from '../../../helpers/tmp-dirs';
import type { Channel, RequestOf } from '../../../../shared/contract';

const dir = tempDirs();

type Case = { [C in Channel]: [C, RequestOf<C>] }[Channel];

const ROSTER = { fileName: 'roster.csv', text: 'clientUserId\nu1\n' };

const CASES: Case[] = [
  ['apps:query', { limit: 10 }],
  ['users:query', { limit: 10 }],
  ['assignments:query', { limit: 10 }],
  ['deployments:query', { limit: 10 }],
  ['deploy:plan', { adamId: '1', clientUserIds: ['u1', 'u2'], action: 'required' }],
  ['holders:query', { adamId: '1' }],
  ['holdings:get', { clientUserId: 'u1' }],
  ['devices:query', {}],
  ['deploy:serials-plan', { adamId: '1', serialNumbers: ['C02XYZ'], action: 'required' }],
  ['revoke:plan', { clientUserId: 'u1' }],
  ['retire:plan', { clientUserIds: ['u1'] }],
  ['reclaim:report', { roster: ROSTER }],
  ['reclaim:plan', { roster: ROSTER }],
  ['export:csv', { what: 'users' }],
  ['export:csv', { what: 'deployments' }],
  ['export:csv', { what: 'apps' }],
  ['holders:csv', { what: 'holders', adamId: '1' }],
  ['insight:report', {}],
];

async function seeded(home: string): Promise<void> {
  const store = await Store.open(home, new ManualClock());
  await store.update(
    (d) => {
      d.token = tokenMeta();
      d.assets = [asset({ adamId: '1', totalCount: 10, assignedCount: 3 }), asset({ adamId: '2' })];
      d.users = [user('u1'), user('u2'), user('u3', 'Registered')];
      d.assignments = [
        assignment('u1', { adamId: '1' }),
        assignment('u3', { adamId: '1' }),
        assignment(null, { adamId: '1', serialNumber: 'C02ABC' }),
      ];
      d.sync.versions = { assets: 'a', users: 'b', assignments: 'c' };
      d.deployments = [deployment('u1', { adamId: '1' }), deployment('u2', { adamId: '2', state: 'failed' })];
    },
    { snapshot: true },
  );
}

async function withRoster(home: string): Promise<void> {
  await withOfflineCore(home, 'read-ahead-test', (core) => call(core.handlers, 'roster:load', ROSTER));
}

describe('handlers read the large collections ahead', () => {
  it.each(CASES.map((c) => [c[0], c] as const))(
    '%s reads no part and builds no user or holders index in one blocking call',
    async (_name, [channel, req]) => {
      const home = await dir();
      await seeded(home);
      // The report reads the assignments only with a roster loaded: loaded first, by another core.
      if (channel === 'insight:report') await withRoster(home);
      const vault = new MemoryVault();
      await vault.set('token');
      const core = await createCore({
        config: { dataDir: home, apiUrl: 'http://127.0.0.1:9', keychainService: 'read-ahead-test' },
        transport: 'preview',
        vault,
        version: '0.0.0-test',
      });
      try {
        const counts = () => [
          blockingPartReads(),
          userIndexesBuiltInOneCall(),
          holderIndexesBuiltInOneCall(),
          appHolderSetsBuiltInOneCall(),
        ];
        const before = counts();
        await call(core.handlers, channel, req as never);
        expect(counts()).toEqual(before);
      } finally {
        await core.stop();
      }
    },
  );
});
