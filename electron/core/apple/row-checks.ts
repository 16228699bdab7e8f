/**
 * The rows of a users or assignments page, checked by plain loops instead of
 * zod: a page holds hundreds of them and a sync thousands of pages, and zod
 * spent ~1 s of the window's thread per million rows here (its loose objects
 * also copy every row). The rules are the zod schemas' (schemas.ts: UserSchema,
 * AssignmentSchema); a test holds the two to the same answers and the same
 * first issue path. Rows are returned as Apple sent them, unknown keys kept.
 */
import * as z from 'zod';
import type { Assignment, User } from './schemas';

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

/** An array of rows each passing `check`; the first failure is reported at its index and field. */
function rowsOf<T>(check: RowCheck) {
  return z
    .custom<T[]>((value) => Array.isArray(value), { message: 'Expected an array' })
    .check((ctx) => {
      const rows = ctx.value as unknown[];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const field = isRow(row) ? check(row) : null;
        if (isRow(row) && field === null) continue;
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
