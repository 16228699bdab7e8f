/**
 * Runtime checks of the cache files as read from disk, after migration.
 * Anything that does not fit (a string where a list belongs, a null entry, a
 * snapshot row of nulls) makes the file unreadable, so the store sets it
 * aside and recovers instead of every command failing later with the
 * generic error.
 *
 * The check is a gate, not the typing source (schema.ts is): objects are
 * loose so fields added by later versions pass, and values whose set grows
 * often (activity kinds, journal kinds, states) are checked as strings.
 */
import { z } from 'zod';
import { rowsProblem, type Rules } from './part-check';

const str = z.string();
const nstr = z.string().nullable();
const entries = <T extends z.ZodType>(row: T) => z.array(row);

const TokenMeta = z.looseObject({
  label: str,
  appleId: str,
  orgName: str,
  locationName: str,
  countryCode: nstr,
  uId: str,
  expiresAt: str,
  lastUpdatedAt: str,
  appleState: str,
  remindersSent: z.array(z.number()).optional(),
});

const SyncMeta = z.looseObject({
  lastSyncAt: nstr,
  lastAttemptAt: nstr,
  versions: z.looseObject({ assets: nstr, users: nstr, assignments: nstr }),
  history: entries(z.looseObject({ startedAt: str, finishedAt: str, ok: z.boolean(), error: nstr })),
  paused: nstr,
  intervalHours: z.number().positive(),
});

/** The main file's fields but its long lists (MAIN_LISTS). */
const MainFileCheck = z.looseObject({
  schemaVersion: z.number(),
  token: TokenMeta.nullable(),
  account: z.looseObject({ uId: str, locationName: str, orgName: str, boundAt: str }).nullable(),
  service: z.looseObject({ limits: z.record(str, z.number()), fetchedAt: str }).nullable(),
  sync: SyncMeta,
  snapshotFile: nstr,
});

/**
 * The lists that grow with the organisation (thousands of deployments and
 * activity lines, an app name per app), checked by plain loops: zod took
 * ~120 ms (and as much again in garbage collection) of every command and
 * start-up at a million assignments, copying each row as it checked it.
 */
const MAIN_LISTS: ReadonlyArray<readonly [string, Rules]> = [
  [
    'deployments',
    [
      ['adamId', 'str'],
      ['clientUserId', 'str'],
      ['action', 'str'],
      ['state', 'str'],
      ['reason', 'nstr'],
      ['journalId', 'nstr'],
    ],
  ],
  [
    'journal',
    [
      ['id', 'str'],
      ['kind', 'str'],
      ['status', 'str'],
      ['clientUserIds', 'strs'],
    ],
  ],
  [
    'activity',
    [
      ['at', 'str'],
      ['kind', 'str'],
      ['message', 'str'],
    ],
  ],
];

function appNamesProblem(names: unknown): string | null {
  if (typeof names !== 'object' || names === null || Array.isArray(names)) return `its "appNames" is not valid`;
  for (const [adamId, name] of Object.entries(names)) {
    if (typeof name !== 'string') return `its "appNames.${adamId}" is not valid`;
  }
  return null;
}

function mainListsProblem(main: Record<string, unknown>): string | null {
  const names = appNamesProblem(main.appNames);
  if (names) return names;
  for (const [name, rules] of MAIN_LISTS) {
    const found = rowsProblem(name, main[name], rules);
    if (found) return found;
  }
  return null;
}

const PricingParam = z.enum(['STDQ', 'PLUS']);

const SnapshotCheck = z.looseObject({
  assets: entries(
    z.looseObject({
      adamId: str,
      pricingParam: PricingParam,
      productType: str,
      supportedPlatforms: z.array(str),
      deviceAssignable: z.boolean(),
      revocable: z.boolean(),
      totalCount: z.number(),
      assignedCount: z.number(),
      availableCount: z.number(),
      retiredCount: z.number(),
    }),
  ),
  users: entries(
    z.looseObject({
      clientUserId: str,
      email: nstr,
      status: str,
      inviteCode: nstr,
      idHash: nstr,
      managedAppleId: nstr,
    }),
  ),
  assignments: entries(
    z.looseObject({ adamId: str, pricingParam: PricingParam, clientUserId: nstr, serialNumber: nstr }),
  ),
});

/** The first problem found, in words for the admin's sentence (`its "sync.history" is not valid`), or null. */
function problem(check: z.ZodType, value: unknown): string | null {
  const result = check.safeParse(value);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const where = (issue?.path ?? []).map(String).join('.');
  return where ? `its "${where}" is not valid` : 'it does not hold a cache object';
}

export const mainFileProblem = (main: unknown): string | null =>
  problem(MainFileCheck, main) ?? mainListsProblem(main as Record<string, unknown>);
export const snapshotProblem = (snapshot: unknown): string | null => problem(SnapshotCheck, snapshot);
