// The snapshot's on-disk form: rows as arrays under named columns, and the refusals of anything else.
import { describe, expect, it } from 'vitest';
import { CODEC_VERSION, decodeSnapshot, encodeSnapshot } from '../../../../electron/core/cache/snapshot-codec';
import { asset, assignment, user } from '../../../helpers/cache';
import type { SnapshotFile } from '../../../../electron/core/cache/schema';

const SNAPSHOT: SnapshotFile = {
  assets: [
    asset({ adamId: '1', supportedPlatforms: ['iOS', 'macOS'], deviceAssignable: false, revocable: true }),
    asset({ adamId: '2', pricingParam: 'PLUS', supportedPlatforms: [], totalCount: 0, availableCount: 0 }),
  ],
  users: [
    user('u1', 'Associated', { email: null, idHash: 'h1' }),
    user('u2', 'Registered', { inviteCode: 'ABC', managedAppleId: 'm@example.com' }),
  ],
  assignments: [assignment('u1'), assignment(null, { adamId: '2', pricingParam: 'PLUS', serialNumber: 'SER1' })],
};

/** Through JSON, as the store writes and reads it. */
const viaDisk = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function encoded(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(viaDisk(encodeSnapshot(SNAPSHOT)) as Record<string, unknown>), ...over };
}

describe('snapshot codec', () => {
  it('reads back exactly what it wrote, through JSON', () => {
    expect(decodeSnapshot(viaDisk(encodeSnapshot(SNAPSHOT)))).toEqual(SNAPSHOT);
  });

  it('reads back an empty snapshot', () => {
    const empty: SnapshotFile = { assets: [], users: [], assignments: [] };
    expect(decodeSnapshot(viaDisk(encodeSnapshot(empty)))).toEqual(empty);
  });

  it('writes rows as arrays in the order its columns name', () => {
    const out = encodeSnapshot(SNAPSHOT);
    expect(out.codec).toBe(CODEC_VERSION);
    expect(out.columns.users).toEqual(['clientUserId', 'email', 'status', 'inviteCode', 'idHash', 'managedAppleId']);
    expect(out.users[1]).toEqual(['u2', 'u2@example.com', 'Registered', 'ABC', null, 'm@example.com']);
    expect(out.assignments[1]).toEqual(['2', 'PLUS', null, 'SER1']);
    expect(out.assets[0]).toHaveLength(out.columns.assets.length);
  });

  it('reads cells by the column names the file gives, a missing trailing cell as null', () => {
    const raw = encoded({
      columns: { assets: [], users: ['status', 'clientUserId', 'email'], assignments: ['clientUserId', 'adamId'] },
      assets: [],
      users: [['Associated', 'u1']],
      assignments: [['u1', '9']],
    });
    expect(decodeSnapshot(raw)).toEqual({
      assets: [],
      users: [{ status: 'Associated', clientUserId: 'u1', email: null }],
      assignments: [{ clientUserId: 'u1', adamId: '9' }],
    });
  });

  it.each([
    ['nothing', null, 'it does not hold a snapshot object'],
    ['a string', 'snapshot', 'it does not hold a snapshot object'],
    [
      'no codec (a file from before the codec)',
      { assets: [], users: [], assignments: [] },
      'it has an unknown format (undefined)',
    ],
    ['a newer codec', encoded({ codec: CODEC_VERSION + 1 }), `it has an unknown format (${CODEC_VERSION + 1})`],
    ['assets that are not a list', encoded({ assets: {} }), 'its "assets" is not a list of rows'],
    [
      'a user row that is not a list',
      encoded({ users: [['u1'], { clientUserId: 'u2' }] }),
      'its "users" is not a list of rows',
    ],
    ['no assignments', encoded({ assignments: undefined }), 'its "assignments" is not a list of rows'],
    ['no columns at all', encoded({ columns: undefined }), 'its "assets" columns are missing'],
    [
      'no user columns',
      encoded({ columns: { assets: [], users: 'clientUserId', assignments: [] } }),
      'its "users" columns are missing',
    ],
  ])('refuses %s, saying why', (_what, raw, error) => {
    expect(decodeSnapshot(raw)).toEqual({ error });
  });
});
