// Rows set to Apple's assignments after a sync: which rows move, which are left alone, and the sentence.
import { describe, expect, it } from 'vitest';
import {
  describeDrift,
  driftCount,
  OUT_OF_STEP,
  reconcileRows,
  rowsToCheck,
} from '../../../../electron/core/deploy/row-reconcile';
import { asset, assignment, cacheWith, deployment, NOW, user } from '../../../helpers/cache';

const BEFORE = '2026-11-24T08:00:00.000Z';
const LATER = '2026-11-24T10:00:00.000Z';
const old = { updatedAt: BEFORE };

describe('reconcileRows', () => {
  it('fails a lost license, assigns a held one, flags a license back after Uninstall, retires a retired user', () => {
    const data = cacheWith({
      assets: [asset()],
      users: [user('lost'), user('gone', 'Retired'), user('got'), user('back')],
      assignments: [assignment('got'), assignment('back'), assignment('kept')],
      deployments: [
        deployment('lost', old),
        deployment('gone', old),
        deployment('got', { ...old, state: 'failed', reason: 'No licenses available.' }),
        deployment('back', { ...old, action: 'uninstall', state: 'reclaimed' }),
        deployment('kept', old),
      ],
    });
    const drift = reconcileRows(data, NOW, LATER);
    expect(drift.removed.map((r) => r.clientUserId)).toEqual(['lost', 'gone']);
    expect(drift.held.map((r) => r.clientUserId)).toEqual(['got']);
    expect(drift.heldAgain.map((r) => r.clientUserId)).toEqual(['back']);
    const byId = new Map(data.deployments.map((r) => [r.clientUserId, r]));
    expect(byId.get('lost')).toMatchObject({ state: 'failed', reason: OUT_OF_STEP.removed, updatedAt: LATER });
    expect(byId.get('gone')).toMatchObject({ action: 'uninstall', state: 'reclaimed', reason: null });
    expect(byId.get('got')).toMatchObject({ state: 'assigned', reason: null });
    expect(byId.get('back')).toMatchObject({ state: 'failed', reason: OUT_OF_STEP.heldAgain });
    expect(byId.get('kept')).toMatchObject({ state: 'assigned', updatedAt: BEFORE });
  });

  it('leaves rows waiting on a write, rows changed since the sync started and apps no longer in the location', () => {
    const data = cacheWith({
      assets: [asset()],
      users: [user('a'), user('b'), user('c')],
      deployments: [
        deployment('a', { ...old, journalId: 'j1' }),
        deployment('b', { updatedAt: NOW }),
        deployment('c', { ...old, adamId: '999' }),
      ],
    });
    const before = structuredClone(data.deployments);
    expect(driftCount(reconcileRows(data, NOW, LATER))).toBe(0);
    expect(data.deployments).toEqual(before);
  });

  it('with holders looked up off the thread: their answer counts, not data.assignments, and rows not asked about stay', () => {
    const data = cacheWith({
      assets: [asset()],
      users: [user('lost'), user('got'), user('new')],
      // What this process holds says the opposite of what was looked up: the lookup wins.
      assignments: [assignment('lost')],
      deployments: [
        deployment('lost', old),
        deployment('got', { ...old, state: 'failed', reason: 'No licenses available.' }),
        deployment('new', old),
      ],
    });
    const asked = rowsToCheck(data, NOW).filter((k) => !k.endsWith('|new'));
    const present = new Set(asked.filter((k) => k.endsWith('|got')));
    const drift = reconcileRows(data, NOW, LATER, true, { asked: new Set(asked), present });
    expect(drift.removed.map((r) => r.clientUserId)).toEqual(['lost']);
    expect(drift.held.map((r) => r.clientUserId)).toEqual(['got']);
    // Not asked about (say, made while the lookup ran): left as it was, not taken for lost.
    expect(data.deployments.find((r) => r.clientUserId === 'new')).toMatchObject({
      state: 'assigned',
      updatedAt: BEFORE,
    });
  });

  it('asks about the rows a sync may set: not those waiting on a write or changed since it started', () => {
    const data = cacheWith({
      assets: [asset()],
      deployments: [
        deployment('a', old),
        deployment('b', { ...old, journalId: 'j1' }),
        deployment('c', { updatedAt: NOW }),
      ],
    });
    expect(rowsToCheck(data, NOW)).toEqual([expect.stringMatching(/\|a$/)]);
  });

  it('with apply false only tells what would change', () => {
    const data = cacheWith({ assets: [asset()], users: [user('a')], deployments: [deployment('a', old)] });
    expect(driftCount(reconcileRows(data, NOW, LATER, false))).toBe(1);
    expect(data.deployments[0]).toMatchObject({ state: 'assigned', updatedAt: BEFORE });
  });
});

describe('failed Uninstall rows', () => {
  it('become reclaimed when Apple no longer holds the license, and stay failed while it does', () => {
    const data = cacheWith({
      assets: [asset()],
      users: [user('freed'), user('stuck')],
      assignments: [assignment('stuck')],
      deployments: [
        deployment('freed', { ...old, action: 'uninstall', state: 'failed', reason: 'Could not be reclaimed.' }),
        deployment('stuck', { ...old, action: 'uninstall', state: 'failed', reason: 'Could not be reclaimed.' }),
      ],
    });
    const drift = reconcileRows(data, NOW, LATER);
    expect(drift.reclaimed.map((r) => r.clientUserId)).toEqual(['freed']);
    const byId = new Map(data.deployments.map((r) => [r.clientUserId, r]));
    expect(byId.get('freed')).toMatchObject({ state: 'reclaimed', reason: null, updatedAt: LATER });
    expect(byId.get('stuck')).toMatchObject({ state: 'failed', updatedAt: BEFORE });
    expect(describeDrift(drift)).toBe(
      'Changed outside VPP Desk, rows now match Apple: license no longer with freed, whose Uninstall had failed.',
    );
  });
});

describe('describeDrift', () => {
  it('names one user, or counts and names five of many', () => {
    const rows = (ids: string[]) => ids.map((id) => deployment(id));
    expect(describeDrift({ removed: rows(['ann']), held: [], heldAgain: [], reclaimed: [] })).toBe(
      'Changed outside VPP Desk, rows now match Apple: license removed from ann.',
    );
    expect(
      describeDrift({
        removed: [],
        held: rows(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
        heldAgain: rows(['z']),
        reclaimed: [],
      }),
    ).toBe(
      'Changed outside VPP Desk, rows now match Apple: license assigned to 7 users (a, b, c, d, e and 2 more); license back with z after Uninstall.',
    );
  });
});
