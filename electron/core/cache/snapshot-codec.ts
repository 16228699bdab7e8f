/**
 * The snapshot's on-disk form: rows as arrays (column order in `columns`)
 * rather than objects, which roughly halves the file and the time to write
 * it — the bulk of a full sync's saving phase at 300,000 rows.
 */
import type { CachedAsset, CachedAssignment, CachedDeployment, CachedUser, SnapshotFile } from './schema';

export const CODEC_VERSION = 1;

export const ASSET_COLUMNS = [
  'adamId',
  'pricingParam',
  'productType',
  'supportedPlatforms',
  'deviceAssignable',
  'revocable',
  'totalCount',
  'assignedCount',
  'availableCount',
  'retiredCount',
] as const satisfies ReadonlyArray<keyof CachedAsset>;
export const USER_COLUMNS = [
  'clientUserId',
  'email',
  'status',
  'inviteCode',
  'idHash',
  'managedAppleId',
] as const satisfies ReadonlyArray<keyof CachedUser>;
export const ASSIGNMENT_COLUMNS = [
  'adamId',
  'pricingParam',
  'clientUserId',
  'serialNumber',
] as const satisfies ReadonlyArray<keyof CachedAssignment>;

/** VPP Desk's own deployment rows, in their part file (not Apple's data: named by the main file, not the snapshot). */
export const DEPLOYMENT_COLUMNS = [
  'adamId',
  'pricingParam',
  'clientUserId',
  'action',
  'state',
  'reason',
  'createdAt',
  'updatedAt',
  'journalId',
] as const satisfies ReadonlyArray<keyof CachedDeployment>;

export interface EncodedSnapshot {
  codec: number;
  columns: { assets: readonly string[]; users: readonly string[]; assignments: readonly string[] };
  assets: unknown[][];
  users: unknown[][];
  assignments: unknown[][];
}

function encodeRows<T extends object>(rows: readonly T[], columns: ReadonlyArray<keyof T>): unknown[][] {
  return rows.map((row) => columns.map((c) => row[c]));
}

function decodeRows<T>(rows: unknown[][], columns: readonly string[]): T[] {
  return rows.map((cells) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) row[columns[i] as string] = cells[i] ?? null;
    return row as T;
  });
}

export function encodeSnapshot(snap: SnapshotFile): EncodedSnapshot {
  return {
    codec: CODEC_VERSION,
    columns: { assets: ASSET_COLUMNS, users: USER_COLUMNS, assignments: ASSIGNMENT_COLUMNS },
    assets: encodeRows(snap.assets, ASSET_COLUMNS),
    users: encodeRows(snap.users, USER_COLUMNS),
    assignments: encodeRows(snap.assignments, ASSIGNMENT_COLUMNS),
  };
}

function isRows(value: unknown): value is unknown[][] {
  return Array.isArray(value) && value.every((row) => Array.isArray(row));
}

/** Reads a snapshot written by any codec version we know; when it is not one, says why (`{ error }`). */
export function decodeSnapshot(raw: unknown): SnapshotFile | { error: string } {
  if (typeof raw !== 'object' || raw === null) return { error: 'it does not hold a snapshot object' };
  const r = raw as Partial<EncodedSnapshot>;
  if (r.codec !== CODEC_VERSION) return { error: `it has an unknown format (${String(r.codec)})` };
  const cols = r.columns;
  for (const key of ['assets', 'users', 'assignments'] as const) {
    if (!isRows(r[key])) return { error: `its "${key}" is not a list of rows` };
    if (!Array.isArray(cols?.[key])) return { error: `its "${key}" columns are missing` };
  }
  return {
    assets: decodeRows<CachedAsset>(r.assets as unknown[][], cols?.assets ?? []),
    users: decodeRows<CachedUser>(r.users as unknown[][], cols?.users ?? []),
    assignments: decodeRows<CachedAssignment>(r.assignments as unknown[][], cols?.assignments ?? []),
  };
}
