/**
 * The rows of a users, assignments or assets page, checked by plain loops
 * instead of zod: a page holds hundreds of them and a sync thousands of pages,
 * and zod spent ~1 s of the window's thread per million rows here (its loose
 * objects also copy every row). Assets are few (thousands) but come first, in
 * the sync's first half second, while zod's code is still cold: 51 ms for
 * 5,700 assets the first time, 8 ms warm, on the window's thread where a
 * sync's longest stalls clustered. The rules are the zod schemas' (schemas.ts:
 * UserSchema, AssignmentSchema, AssetSchema); a test holds each pair to the
 * same answers and the same first issue path. Rows are returned as Apple sent
 * them, unknown keys kept (an asset without supportedPlatforms gets [], as
 * AssetSchema's default gives).
 */
import * as z from 'zod';
import type { Asset, Assignment, User } from './schemas';

type Row = Record<string, unknown>;
/** The first field that breaks the rules, or null. */
type RowCheck = (row: Row) => string | null;

const isRow = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);
const optional = (value: unknown) => value === undefined || typeof value === 'string';

export const checkUser: RowCheck = (u) => {
  if (typeof u.clientUserId !== 'string') return 'clientUserId';
  if (!optional(u.email)) return 'email';
  if (!optional(u.idHash)) return 'idHash';
  if (!optional(u.inviteCode)) return 'inviteCode';
  if (!optional(u.managedAppleId)) return 'managedAppleId';
  if (typeof u.status !== 'string') return 'status';
  return null;
};

export const checkAssignment: RowCheck = (a) => {
  if (typeof a.adamId !== 'string') return 'adamId';
  if (typeof a.pricingParam !== 'string') return 'pricingParam';
  if (!optional(a.clientUserId)) return 'clientUserId';
  if (!optional(a.serialNumber)) return 'serialNumber';
  return null;
};

/** z.number().int(): a safe integer. */
const int = (value: unknown) => Number.isSafeInteger(value);
const optionalFlag = (value: unknown) => value === undefined || typeof value === 'boolean';
const strings = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');

export const checkAsset: RowCheck = (a) => {
  if (typeof a.adamId !== 'string') return 'adamId';
  if (typeof a.pricingParam !== 'string') return 'pricingParam';
  if (!optional(a.productType)) return 'productType';
  if (!int(a.assignedCount)) return 'assignedCount';
  if (!int(a.availableCount)) return 'availableCount';
  if (!int(a.retiredCount)) return 'retiredCount';
  if (!int(a.totalCount)) return 'totalCount';
  if (!optionalFlag(a.deviceAssignable)) return 'deviceAssignable';
  if (!optionalFlag(a.revocable)) return 'revocable';
  if (a.supportedPlatforms !== undefined && !strings(a.supportedPlatforms)) return 'supportedPlatforms';
  return null;
};

/**
 * An array of rows each passing `check`; the first failure is reported at its index and field. `fill` completes
 * a passing row as the zod schema's defaults would.
 */
function rowsOf<T>(check: RowCheck, fill?: (row: Row) => void) {
  return z
    .custom<T[]>((value) => Array.isArray(value), { message: 'Expected an array' })
    .check((ctx) => {
      const rows = ctx.value as unknown[];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const field = isRow(row) ? check(row) : null;
        if (isRow(row) && field === null) {
          fill?.(row);
          continue;
        }
        ctx.issues.push({
          code: 'custom',
          message: field === null ? 'Expected an object' : `Unexpected ${field}`,
          input: row,
          path: field === null ? [i] : [i, field],
        });
        return;
      }
    });
}

export const usersRows = () => rowsOf<User>(checkUser);
export const assignmentsRows = () => rowsOf<Assignment>(checkAssignment);
export const assetsRows = () =>
  rowsOf<Asset>(checkAsset, (a) => {
    a.supportedPlatforms ??= [];
  });
