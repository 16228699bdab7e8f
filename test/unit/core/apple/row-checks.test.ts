// The hand-written row checks of the users, assignments and assets pages
// answer as the zod row schemas do (AssignmentSchema, UserSchema, AssetSchema
// as the oracle): the same rows pass, and a failing page is reported at the
// same row and field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  AssetSchema,
  AssignmentSchema,
  GetAssetsResponseSchema,
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

const assetFields = [
  'adamId',
  'pricingParam',
  'productType',
  'assignedCount',
  'availableCount',
  'retiredCount',
  'totalCount',
  'deviceAssignable',
  'revocable',
  'supportedPlatforms',
] as const;

function rowOf(fields: readonly string[]) {
  const record = fc.record(Object.fromEntries([...fields, 'extra'].map((f) => [f, cell])), { requiredKeys: [] });
  // Mostly objects, sometimes what is no row at all.
  return fc.oneof({ weight: 8, arbitrary: record }, fc.constant(null), fc.constant('row'), fc.constant([1]));
}

/** A value an asset's field may wrongly hold: careless cells, and numbers that are no count. */
const wrong = fc.oneof(cell, fc.constantFrom(1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '3', [1], ['iOS', 2]));

/**
 * An asset as Apple sends it (optional fields sometimes left out), then most often one or two of its fields
 * broken or removed: a rule a hand check forgot is found, whichever field it is.
 */
const assetRow = fc
  .record(
    {
      adamId: fc.string({ maxLength: 4 }),
      pricingParam: fc.constantFrom('STDQ', 'PLUS'),
      productType: fc.constantFrom('App', 'Book'),
      assignedCount: fc.integer({ min: 0, max: 9 }),
      availableCount: fc.integer({ min: -1, max: 9 }),
      retiredCount: fc.constantFrom(0, -0, 2),
      totalCount: fc.integer({ min: 0, max: 9 }),
      deviceAssignable: fc.boolean(),
      revocable: fc.boolean(),
      supportedPlatforms: fc.array(fc.constantFrom('iOS', 'macOS'), { maxLength: 2 }),
      extra: cell,
    },
    { requiredKeys: ['adamId', 'pricingParam', 'assignedCount', 'availableCount', 'retiredCount', 'totalCount'] },
  )
  .chain((row) =>
    fc.array(fc.tuple(fc.constantFrom(...assetFields), wrong), { maxLength: 2 }).map((breaks): unknown => {
      const broken: Record<string, unknown> = { ...row };
      for (const [field, value] of breaks) broken[field] = value;
      return broken;
    }),
  );

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

  it('assets: the same pages pass, a failure names the same row and field as AssetSchema, and the rows are the same', () => {
    fc.assert(
      fc.property(fc.array(assetRow, { maxLength: 6 }), (items) => {
        // Each side gets its own copy: the schema completes a row (supportedPlatforms) as it passes.
        const copy = () => structuredClone(items);
        expect(actual(GetAssetsResponseSchema, 'assets', copy())).toEqual(oracle(AssetSchema, 'assets', copy()));
        const mine = GetAssetsResponseSchema.safeParse({ ...envelope, assets: copy() });
        const zod = z.looseObject({ assets: z.array(AssetSchema) }).safeParse({ assets: copy() });
        if (mine.success && zod.success) expect(mine.data.assets).toEqual(zod.data.assets);
      }),
      { numRuns: 2000 },
    );
    // A valid page as Apple sends it: passes, and an asset without supportedPlatforms gets [] as the default gives.
    const asset = {
      adamId: '1',
      pricingParam: 'STDQ',
      assignedCount: 1,
      availableCount: 2,
      retiredCount: 0,
      totalCount: 3,
    };
    const page = GetAssetsResponseSchema.parse({ ...envelope, assets: [asset] });
    expect(page.assets).toEqual([{ ...asset, supportedPlatforms: [] }]);
  });

  it('keeps the rows as Apple sent them, fields added later included, and refuses rows that are not a list', () => {
    const row = { adamId: '1', pricingParam: 'STDQ', clientUserId: 'c', later: { a: 1 } };
    const parsed = GetAssignmentsResponseSchema.parse({ ...envelope, assignments: [row] });
    expect(parsed.assignments).toEqual([row]);
    expect(GetUsersResponseSchema.safeParse({ ...envelope, users: { 0: {} } }).success).toBe(false);
    expect(GetUsersResponseSchema.safeParse({ ...envelope }).success).toBe(false);
  });
});
