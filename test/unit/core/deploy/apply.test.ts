// Applying Apple's answer: license counts, assignments, users and rows change together.
import { describe, expect, it } from 'vitest';
import { applyEvent, applyOutcome } from '../../../../electron/core/deploy/apply';
import { newEntry } from '../../../../electron/core/deploy/journal';
import { REASONS } from '../../../../electron/core/deploy/licenses';
import { asset, assignment, cacheWith, deployment, NOW, user } from '../../../helpers/cache';
import type { FinishedEvent } from '../../../../electron/core/apple/events';
import type { CacheData, JournalEntry } from '../../../../electron/core/cache/schema';

const LATER = '2026-11-24T09:05:00.000Z';
const app = { adamId: '100', pricingParam: 'STDQ' as const };

type Failure = FinishedEvent['failures'][number];

function event(failures: Failure[] = [], eventStatus: FinishedEvent['eventStatus'] = 'COMPLETE'): FinishedEvent {
  return { uId: 'loc-1', eventStatus, failures, numCompleted: 0, numRequested: 0 };
}

function failure(errorNumber: number, clientUserIds?: string[], errorMessage?: string): Failure {
  return {
    errorNumber,
    ...(errorMessage ? { errorMessage } : {}),
    ...(clientUserIds ? { errorInfo: { clientUserIds } } : {}),
  };
}

/** A cache with app 100 (10 licenses, `held` holding one each) and a row per user waiting on `entry`. */
function pending(
  entry: JournalEntry,
  held: string[] = [],
  state: 'assigning' | 'reclaiming' | 'pending-terms' = 'assigning',
) {
  const data: CacheData = cacheWith({
    assets: [
      asset({ assignedCount: held.length, availableCount: 10 - held.length }),
      asset({ pricingParam: 'PLUS', assignedCount: 1, availableCount: 9 }),
    ],
    users: entry.clientUserIds.map((id) => user(id)),
    assignments: [...held.map((id) => assignment(id)), assignment('a', { pricingParam: 'PLUS' })],
    deployments: entry.clientUserIds.map((id) => deployment(id, { state, journalId: entry.id })),
    journal: [entry],
  });
  const row = (id: string) => data.deployments.find((d) => d.clientUserId === id);
  const counts = () => {
    const a = data.assets[0];
    return [a?.assignedCount, a?.availableCount];
  };
  const holders = () => data.assignments.filter((s) => s.pricingParam === 'STDQ').map((s) => s.clientUserId);
  return { data, row, counts, holders };
}

describe('applyEvent: associate', () => {
  it('assigns every user of a complete event: one assignment, one license and an assigned row each', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, row, counts, holders } = pending(entry);

    expect(applyEvent(data, entry, event(), LATER)).toEqual([2, 0]);

    expect(holders()).toEqual(['a', 'b']);
    expect(counts()).toEqual([2, 8]);
    expect(row('a')).toMatchObject({ state: 'assigned', reason: null, journalId: null, updatedAt: LATER });
    expect(row('b')).toMatchObject({ state: 'assigned', reason: null, journalId: null, updatedAt: LATER });
    expect(entry).toMatchObject({ status: 'done', updatedAt: LATER });
    // The other pricing is another purchase: untouched.
    expect(data.assets[1]).toMatchObject({ assignedCount: 1, availableCount: 9 });
  });

  it('does not count a license twice for a user the cache already shows holding one', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, counts, holders } = pending(entry, ['a']);
    applyEvent(data, entry, event(), LATER);
    expect(holders()).toEqual(['a', 'b']);
    expect(counts()).toEqual([2, 8]);
  });

  it('fails only the users a failure names; 9709 reads "No licenses available."', () => {
    const entry = newEntry('associate', app, ['a', 'b', 'c'], NOW);
    const { data, row, counts, holders } = pending(entry);

    expect(applyEvent(data, entry, event([failure(9709, ['b'], 'Not enough licenses')]), LATER)).toEqual([2, 1]);

    expect(row('b')).toMatchObject({ state: 'failed', reason: 'No licenses available.', journalId: null });
    expect(row('a')?.state).toBe('assigned');
    expect(row('c')?.state).toBe('assigned');
    expect(holders()).toEqual(['a', 'c']);
    expect(counts()).toEqual([2, 8]);
  });

  it('says which users Apple does not know (9609) and passes other errors on with their number', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, row } = pending(entry);
    applyEvent(data, entry, event([failure(9609, ['a']), failure(9632, ['b'], 'Asset not found')]), LATER);
    expect(row('a')?.reason).toBe(REASONS['user-not-found']);
    expect(row('b')?.reason).toBe('Apple error 9632: Asset not found');
  });

  it('applies a failure naming no users to all of them', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, row, counts, holders } = pending(entry);
    expect(applyEvent(data, entry, event([failure(9709)]), LATER)).toEqual([0, 2]);
    expect([row('a')?.state, row('b')?.state]).toEqual(['failed', 'failed']);
    expect(row('a')?.reason).toBe('No licenses available.');
    expect(holders()).toEqual([]);
    expect(counts()).toEqual([0, 10]);
  });

  it('fails every user of an event Apple reports FAILED without saying why', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, row, counts } = pending(entry);
    expect(applyEvent(data, entry, event([], 'FAILED'), LATER)).toEqual([0, 2]);
    expect(row('a')).toMatchObject({ state: 'failed', reason: 'Apple reported the request as failed.' });
    expect(counts()).toEqual([0, 10]);
  });

  it('leaves a row since re-planned by another write alone, but still records the license Apple assigned', () => {
    const entry = newEntry('associate', app, ['a'], NOW);
    const { data, row, counts, holders } = pending(entry);
    Object.assign(row('a') ?? {}, { state: 'reclaiming', journalId: 'newer-entry' });
    applyEvent(data, entry, event(), LATER);
    expect(row('a')).toMatchObject({ state: 'reclaiming', journalId: 'newer-entry', updatedAt: NOW });
    expect(holders()).toEqual(['a']);
    expect(counts()).toEqual([1, 9]);
  });
});

describe('applyEvent: disassociate', () => {
  it('gives back the licenses of the users reclaimed, for this app and pricing only', () => {
    const entry = newEntry('disassociate', app, ['a', 'b'], NOW);
    const { data, row, counts, holders } = pending(entry, ['a', 'b', 'c'], 'reclaiming');

    expect(applyEvent(data, entry, event(), LATER)).toEqual([2, 0]);

    expect(holders()).toEqual(['c']);
    expect(counts()).toEqual([1, 9]);
    expect(row('a')).toMatchObject({ state: 'reclaimed', reason: null, journalId: null });
    expect(data.assignments).toContainEqual(assignment('a', { pricingParam: 'PLUS' }));
    expect(data.assets[1]).toMatchObject({ assignedCount: 1, availableCount: 9 });
  });

  it('keeps the license of a user whose reclaim failed', () => {
    const entry = newEntry('disassociate', app, ['a', 'b'], NOW);
    const { data, row, counts, holders } = pending(entry, ['a', 'b'], 'reclaiming');
    expect(applyEvent(data, entry, event([failure(9610, ['b'], 'No license')]), LATER)).toEqual([1, 1]);
    expect(holders()).toEqual(['b']);
    expect(counts()).toEqual([1, 9]);
    expect(row('b')).toMatchObject({ state: 'failed', reason: 'Apple error 9610: No license' });
  });
});

describe('applyEvent: create-users', () => {
  it('adds the users invited as Registered and leaves their rows waiting for the terms', () => {
    const entry = newEntry('create-users', app, ['n1', 'n2'], NOW);
    const { data, row } = pending(entry, [], 'pending-terms');
    data.users = [];

    expect(applyEvent(data, entry, event(), LATER)).toEqual([2, 0]);

    expect(data.users.map((u) => [u.clientUserId, u.status])).toEqual([
      ['n1', 'Registered'],
      ['n2', 'Registered'],
    ]);
    expect(row('n1')).toMatchObject({ state: 'pending-terms', reason: REASONS.register, journalId: null });
  });

  it('counts a user Apple already has (9716) as registered, not failed, and adds it only once', () => {
    const entry = newEntry('create-users', app, ['known', 'n1'], NOW);
    const { data, row } = pending(entry, [], 'pending-terms');
    data.users = [user('known', 'Registered')];

    expect(applyEvent(data, entry, event([failure(9716, ['known'], 'User exists')]), LATER)).toEqual([2, 0]);

    expect(data.users.map((u) => u.clientUserId)).toEqual(['known', 'n1']);
    expect(row('known')).toMatchObject({ state: 'pending-terms', reason: REASONS.register });
  });

  it('fails a user Apple refused to create, and does not add it', () => {
    const entry = newEntry('create-users', app, ['bad', 'n1'], NOW);
    const { data, row } = pending(entry, [], 'pending-terms');
    data.users = [];
    expect(applyEvent(data, entry, event([failure(9605, ['bad'], 'Invalid user')]), LATER)).toEqual([1, 1]);
    expect(data.users.map((u) => u.clientUserId)).toEqual(['n1']);
    expect(row('bad')).toMatchObject({ state: 'failed', reason: 'Apple error 9605: Invalid user' });
  });
});

describe('applyOutcome (reconciling with Apple’s assignments)', () => {
  it('applies only the users confirmed, leaves the others for the caller to requeue, and closes the entry', () => {
    const entry = newEntry('associate', app, ['a', 'b'], NOW);
    const { data, row, counts, holders } = pending(entry);
    applyOutcome(data, entry, ['a'], new Map(), LATER);
    expect(holders()).toEqual(['a']);
    expect(counts()).toEqual([1, 9]);
    expect(row('a')).toMatchObject({ state: 'assigned', journalId: null });
    expect(row('b')).toMatchObject({ state: 'assigning', journalId: entry.id });
    expect(entry.status).toBe('done');
  });
});
