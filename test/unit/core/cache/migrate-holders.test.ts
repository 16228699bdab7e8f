// Caches written before device licensing and rosters still load: the new fields get their defaults.
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/core/cache/migrate';

it('gives old journal entries an empty serialNumbers list and old caches no roster', () => {
  const old = {
    schemaVersion: 1,
    journal: [
      {
        id: 'j1',
        kind: 'associate',
        adamId: '100',
        pricingParam: 'STDQ',
        clientUserIds: ['ann'],
        status: 'sent',
        eventId: 'e1',
        createdAt: 'x',
        updatedAt: 'x',
        error: null,
      },
    ],
  };
  const out = migrate(old);
  if (!out.ok) throw new Error(out.reason);
  expect(out.data.main.journal[0]).toMatchObject({ id: 'j1', clientUserIds: ['ann'], serialNumbers: [] });
  expect(out.data.main.roster).toBeNull();
});

describe('migrate refuses what it cannot read, and defaults what an older or hand-edited file lacks', () => {
  it('takes no file at all (null or undefined) as an empty cache', () => {
    for (const raw of [null, undefined]) {
      const out = migrate(raw);
      if (!out.ok) throw new Error(out.reason);
      expect(out.data.main).toMatchObject({ snapshotFile: null, deployments: [], journal: [], token: null });
    }
  });

  it.each([
    ['a list', [], 'it does not hold a cache object'],
    ['a string', 'cache', 'it does not hold a cache object'],
    ['no schema version', { deployments: [] }, 'it has no schema version'],
    [
      'a numeric snapshot reference',
      { schemaVersion: 1, snapshotFile: 7 },
      'its snapshot reference is not a file name',
    ],
    [
      'an object as snapshot reference',
      { schemaVersion: 1, snapshotFile: {} },
      'its snapshot reference is not a file name',
    ],
  ])('refuses %s, saying why', (_name, raw, reason) => {
    expect(migrate(raw)).toEqual({ ok: false, reason });
  });

  it('keeps a file name or null as the snapshot reference', () => {
    const named = migrate({ schemaVersion: 1, snapshotFile: 'vpp-desk-snapshot-1-abc.json' });
    expect(named.ok && named.data.main.snapshotFile).toBe('vpp-desk-snapshot-1-abc.json');
    const none = migrate({ schemaVersion: 1, snapshotFile: null });
    expect(none.ok && none.data.main.snapshotFile).toBeNull();
  });

  it('replaces app names and a roster that are not objects, and keeps them when they are', () => {
    const bad = migrate({ schemaVersion: 1, appNames: 'Keynote', roster: 'x' });
    if (!bad.ok) throw new Error(bad.reason);
    expect(bad.data.main.appNames).toEqual({});
    expect(bad.data.main.roster).toBeNull();
    const roster = {
      fileName: 'staff.csv',
      loadedAt: '2026-11-24T09:00:00.000Z',
      clientUserIds: ['ann'],
      emails: [],
      serialNumbers: [],
    };
    const good = migrate({ schemaVersion: 1, appNames: { '1': 'Keynote' }, roster });
    if (!good.ok) throw new Error(good.reason);
    expect(good.data.main.appNames).toEqual({ '1': 'Keynote' });
    expect(good.data.main.roster).toEqual(roster);
  });

  it('keeps the valid low-stock overrides and alerted keys, and drops the rest', () => {
    const out = migrate({
      schemaVersion: 1,
      insight: {
        rule: { percent: 20, minLeft: 3 },
        overrides: { '1|STDQ': { percent: 5, minLeft: 1 }, '2|STDQ': { percent: 'lots' }, '3|STDQ': null },
        alerted: ['1|STDQ', 7, null, '2|STDQ'],
      },
    });
    if (!out.ok) throw new Error(out.reason);
    expect(out.data.main.insight).toEqual({
      rule: { percent: 20, minLeft: 3 },
      overrides: { '1|STDQ': { percent: 5, minLeft: 1 } },
      alerted: ['1|STDQ', '2|STDQ'],
    });
    // Not lists or records at all: the defaults, nothing invented.
    const junk = migrate({ schemaVersion: 1, insight: { rule: 5, overrides: [], alerted: 'x' } });
    if (!junk.ok) throw new Error(junk.reason);
    expect(junk.data.main.insight).toEqual({ rule: { percent: 10, minLeft: 5 }, overrides: {}, alerted: [] });
  });
});

describe('activity entries get the audit fields an older file lacks', () => {
  const defaults = { source: 'unknown', actor: null, adamId: null, clientUserId: null, serialNumber: null };
  const entries: unknown[] = [
    { at: 'a', kind: 'sync', message: 'old, before the audit fields' },
    {
      at: 'b',
      kind: 'sync',
      message: 'new',
      source: 'cli',
      actor: 'ann',
      adamId: '1',
      clientUserId: null,
      serialNumber: null,
    },
    { at: 'c', kind: 'sync', message: 'later version', later: { any: 1 }, actor: 'bob' },
    JSON.parse('{"at":"d","kind":"sync","message":"odd","__proto__":{"polluted":true}}') as unknown,
  ];

  it('as the spread of the defaults and the entry: the same fields, in the same order, on a plain object', () => {
    const out = migrate({ schemaVersion: 1, activity: entries });
    if (!out.ok) throw new Error(out.reason);
    out.data.main.activity.forEach((got, i) => {
      const spread: unknown = { ...defaults, ...(entries[i] as object) };
      expect(JSON.stringify(got)).toBe(JSON.stringify(spread));
      expect(Object.keys(got)).toEqual(Object.keys(spread as object));
      expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
      expect((got as { polluted?: unknown }).polluted).toBeUndefined();
    });
  });
});
