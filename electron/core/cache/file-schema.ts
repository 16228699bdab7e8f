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
import * as z from 'zod';
import { DEPLOYMENT_RULES, rowsProblem, type Rules } from './part-check';

/**
 * The main file's fields but its long lists, checked by small hand-written
 * rules that say what zod's looseObject, nullable, array and record say (the
 * path of the first field that does not fit): every command reads the main
 * file once, cold, and zod's first parse (building its parsers) took ~20-40 ms
 * of `vpp-desk token status` at a million assignments.
 */
type Path = Array<string | number>;
/** The path below the value to the first thing that does not fit ([] for the value itself), or null when it fits. */
type Check = (value: unknown) => Path | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const leaf =
  (fits: (v: unknown) => boolean): Check =>
  (v) =>
    fits(v) ? null : [];
const str = leaf((v) => typeof v === 'string');
const nstr = leaf((v) => v === null || typeof v === 'string');
// As zod's number(): finite (JSON holds no other kind).
const num = leaf((v) => typeof v === 'number' && Number.isFinite(v));
const positive = leaf((v) => typeof v === 'number' && Number.isFinite(v) && v > 0);
const bool = leaf((v) => typeof v === 'boolean');
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null ? null : check(v);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? null : check(v);
/** Fields in the order given (zod reports the first that fails in that order); fields not named pass. */
const looseObject = (shape: Record<string, Check>): Check => {
  const keys = Object.keys(shape);
  return (v) => {
    if (!isObject(v)) return [];
    for (const key of keys) {
      const at = (shape[key] as Check)(v[key]);
      if (at) return [key, ...at];
    }
    return null;
  };
};
const array =
  (item: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return [];
    for (let i = 0; i < v.length; i++) {
      const at = item(v[i]);
      if (at) return [i, ...at];
    }
    return null;
  };
/** String keys to values; an own "__proto__" key is skipped, as zod skips it. */
const record =
  (value: Check): Check =>
  (v) => {
    if (!isObject(v)) return [];
    for (const key of Object.keys(v)) {
      if (key === '__proto__') continue;
      const at = value(v[key]);
      if (at) return [key, ...at];
    }
    return null;
  };

const TokenMeta = looseObject({
  label: str,
  appleId: str,
  orgName: str,
  locationName: str,
  countryCode: nstr,
  uId: str,
  expiresAt: str,
  lastUpdatedAt: str,
  appleState: str,
  remindersSent: optional(array(num)),
});

const SyncMeta = looseObject({
  lastSyncAt: nstr,
  lastAttemptAt: nstr,
  versions: looseObject({ assets: nstr, users: nstr, assignments: nstr }),
  history: array(looseObject({ startedAt: str, finishedAt: str, ok: bool, error: nstr })),
  paused: nstr,
  intervalHours: positive,
});

/** The main file's fields but its long lists (MAIN_LISTS). */
const MainFileCheck = looseObject({
  schemaVersion: num,
  token: nullable(TokenMeta),
  account: nullable(looseObject({ uId: str, locationName: str, orgName: str, boundAt: str })),
  service: nullable(looseObject({ limits: record(num), fetchedAt: str })),
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
  ['deployments', DEPLOYMENT_RULES],
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
  // for...in, not Object.keys or entries: an app name per app (ten thousand in a large district) keyed by adamId,
  // which JSON.parse keeps as sparse indices: Object.keys made a string of each (~13 ms in a fresh process
  // against ~5).
  const byId = names as Record<string, unknown>;
  for (const adamId in byId) {
    if (typeof byId[adamId] !== 'string') return `its "appNames.${adamId}" is not valid`;
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

/** A whole snapshot (codec 1, older caches only): built when one is first read. */
let snapshotCheck: z.ZodType | null = null;

function wholeSnapshotCheck(): z.ZodType {
  const zstr = z.string();
  const znstr = z.string().nullable();
  const PricingParam = z.enum(['STDQ', 'PLUS']);
  return z.looseObject({
    assets: z.array(
      z.looseObject({
        adamId: zstr,
        pricingParam: PricingParam,
        productType: zstr,
        supportedPlatforms: z.array(zstr),
        deviceAssignable: z.boolean(),
        revocable: z.boolean(),
        totalCount: z.number(),
        assignedCount: z.number(),
        availableCount: z.number(),
        retiredCount: z.number(),
      }),
    ),
    users: z.array(
      z.looseObject({
        clientUserId: zstr,
        email: znstr,
        status: zstr,
        inviteCode: znstr,
        idHash: znstr,
        managedAppleId: znstr,
      }),
    ),
    assignments: z.array(
      z.looseObject({ adamId: zstr, pricingParam: PricingParam, clientUserId: znstr, serialNumber: znstr }),
    ),
  });
}

/** The first problem's place in words for the admin's sentence (`its "sync.history" is not valid`). */
function problemAt(path: ReadonlyArray<PropertyKey>): string {
  const where = path.map(String).join('.');
  return where ? `its "${where}" is not valid` : 'it does not hold a cache object';
}

export function mainFileProblem(main: unknown): string | null {
  const at = MainFileCheck(main);
  return at ? problemAt(at) : mainListsProblem(main as Record<string, unknown>);
}

export function snapshotProblem(snapshot: unknown): string | null {
  snapshotCheck ??= wholeSnapshotCheck();
  const result = snapshotCheck.safeParse(snapshot);
  return result.success ? null : problemAt(result.error.issues[0]?.path ?? []);
}
