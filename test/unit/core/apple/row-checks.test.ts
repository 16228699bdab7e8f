// The hand-written row checks of the users and assignments pages answer as
// the zod row schemas do (AssignmentSchema, UserSchema as the oracle): the
// same rows pass, and a failing page is reported at the same row and field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  AssignmentSchema,
  GetAssignmentsResponseSchema,
  GetUsersResponseSchema,
  UserSchema,
} from '../../../../electron/core/apple/schemas';

/** A field value as a careless or broken server may send it. */
const cell = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);

const userFields = ['clientUserId', 'email', 'idHash', 'inviteCode', 'managedAppleId', 'status'] as const;
const assignmentFields = ['adamId', 'pricingParam', 'clientUserId', 'serialNumber'] as const;

function rowOf(fields: readonly string[]) {
  const record = fc.record(Object.fromEntries([...fields, 'extra'].map((f) => [f, cell])), { requiredKeys: [] });
  // Mostly objects, sometimes what is no row at all.
  return fc.oneof({ weight: 8, arbitrary: record }, fc.constant(null), fc.constant('row'), fc.constant([1]));
}

const envelope = { uId: 'u', currentPageIndex: 0, totalPages: 1, versionId: 'v' };

/** The first issue as the page schema built from the zod row schema reports it. */
function oracle(rows: z.ZodType, key: string, items: unknown[]) {
  const schema = z.looseObject({ [key]: z.array(rows) });
  const r = schema.safeParse({ [key]: items });
  return r.success ? null : (r.error.issues[0]?.path ?? []).slice(0, 3);
}

function actual(schema: z.ZodType, key: string, items: unknown[]) {
  const r = schema.safeParse({ ...envelope, [key]: items });
  return r.success ? null : (r.error.issues[0]?.path ?? []).slice(0, 3);
}

describe('row checks of users and assignments pages', () => {
  it('users: the same pages pass, and a failure names the same row and field as UserSchema', () => {
    fc.assert(
      fc.property(fc.array(rowOf(userFields), { maxLength: 6 }), (items) => {
        expect(actual(GetUsersResponseSchema, 'users', items)).toEqual(oracle(UserSchema, 'users', items));
      }),
      { numRuns: 2000 },
    );
  });

  it('assignments: the same pages pass, and a failure names the same row and field as AssignmentSchema', () => {
    fc.assert(
      fc.property(fc.array(rowOf(assignmentFields), { maxLength: 6 }), (items) => {
        expect(actual(GetAssignmentsResponseSchema, 'assignments', items)).toEqual(
          oracle(AssignmentSchema, 'assignments', items),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the rows as Apple sent them, fields added later included, and refuses rows that are not a list', () => {
    const row = { adamId: '1', pricingParam: 'STDQ', clientUserId: 'c', later: { a: 1 } };
    const parsed = GetAssignmentsResponseSchema.parse({ ...envelope, assignments: [row] });
    expect(parsed.assignments).toEqual([row]);
    expect(GetUsersResponseSchema.safeParse({ ...envelope, users: { 0: {} } }).success).toBe(false);
    expect(GetUsersResponseSchema.safeParse({ ...envelope }).success).toBe(false);
  });
});
