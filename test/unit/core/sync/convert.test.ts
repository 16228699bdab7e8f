import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeRow } from '../../../../electron/core/cache';
import {
  encodeAssignment,
  encodeUser,
  toAsset,
  toAssignment,
  toServiceInfo,
  toUser,
} from '../../../../electron/core/sync/convert';
import { mergeEncodedUsers } from '../../../../electron/core/sync/part-job';

describe('sync-convert', () => {
  it('keeps Apple’s pricing as sent, so an unknown kind is never merged into STDQ', () => {
    const base = {
      adamId: '1',
      assignedCount: 1,
      availableCount: 2,
      retiredCount: 0,
      totalCount: 3,
      supportedPlatforms: ['iOS'],
    };
    expect(toAsset({ ...base, pricingParam: 'PLUS' }).pricingParam).toBe('PLUS');
    expect(toAsset({ ...base, pricingParam: 'NEWQ' }).pricingParam).toBe('NEWQ');
    expect(toAssignment({ adamId: '1', pricingParam: 'STDQ', serialNumber: 'S1' })).toEqual({
      adamId: '1',
      pricingParam: 'STDQ',
      clientUserId: null,
      serialNumber: 'S1',
    });
  });

  it('fills defaults Apple may leave out and service limits it does not send', () => {
    expect(
      toAsset({
        adamId: '1',
        pricingParam: 'STDQ',
        assignedCount: 0,
        availableCount: 0,
        retiredCount: 0,
        totalCount: 0,
        supportedPlatforms: [],
      }),
    ).toMatchObject({
      productType: 'App',
      deviceAssignable: false,
      revocable: false,
    });
    const info = toServiceInfo(
      { errorCodes: [], limits: { maxUsers: 50 }, notificationTypes: [], urls: {} },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(info.limits).toEqual({
      maxAssets: 25,
      maxClientUserIds: 1000,
      maxSerialNumbers: 1000,
      maxUsers: 50,
      maxRevokeClientUserIds: 100,
      maxRevokeSerialNumbers: 100,
    });
    expect(info.invitationUrlTemplate).toBeNull();
  });

  it('merges a users delta by clientUserId: changed users replace, new ones are added', () => {
    const a = toUser({ clientUserId: 'a', status: 'Registered', inviteCode: 'x' });
    const b = toUser({ clientUserId: 'b', status: 'Associated' });
    const encode = (users: ReturnType<typeof toUser>[]) => users.map((u) => encodeRow('users', u));
    const merged = mergeEncodedUsers(
      encode([a, b]),
      encode([
        toUser({ clientUserId: 'a', status: 'Associated', idHash: 'h' }),
        toUser({ clientUserId: 'c', status: 'Registered' }),
      ]),
    );
    // clientUserId and status are the users part's first and third columns.
    expect(merged.map((row) => JSON.parse(row) as unknown[]).map((cells) => [cells[0], cells[2]])).toEqual([
      ['a', 'Associated'],
      ['b', 'Associated'],
      ['c', 'Registered'],
    ]);
  });
});

describe('rows encoded straight from Apple’s records', () => {
  const text = fc.option(fc.string({ maxLength: 8 }), { nil: undefined });
  it('a user encodes as encodeRow of the cached user, whichever fields Apple sent', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            clientUserId: fc.string(),
            email: text,
            status: fc.constantFrom('Registered', 'Associated', 'Retired', 'Deleted'),
            inviteCode: text,
            idHash: text,
            managedAppleId: text,
          },
          { requiredKeys: ['clientUserId', 'status'] },
        ),
        (u) => {
          expect(encodeUser(u)).toBe(encodeRow('users', toUser(u)));
        },
      ),
    );
  });

  it('an assignment encodes as encodeRow of the cached assignment, by user or by device', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            adamId: fc.string(),
            pricingParam: fc.constantFrom('STDQ', 'PLUS'),
            clientUserId: text,
            serialNumber: text,
          },
          { requiredKeys: ['adamId', 'pricingParam'] },
        ),
        (a) => {
          expect(encodeAssignment(a)).toBe(encodeRow('assignments', toAssignment(a)));
        },
      ),
    );
  });
});
