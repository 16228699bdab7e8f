/**
 * Brings cache files read from disk up to the current schema. Unknown
 * future versions and wrong shapes are refused (the store sets them aside)
 * rather than guessed at.
 */
import { isRecord } from '../../../shared/guards';
import { LowStockRule } from '../../../shared/low-stock';
import { isChangesName } from './row-changes';
import {
  emptyCache,
  SCHEMA_VERSION,
  type CacheData,
  type InsightState,
  type MainFile,
  type OwnPartRef,
  type SnapshotFile,
} from './schema';
import { decodeSnapshot } from './snapshot-codec';
import { isPartName, type PartKind } from './snapshot-parts';
import type { ActivityEntry } from '../../../shared/domain';

export type Checked<T> = { ok: true; data: T } | { ok: false; reason: string };

const MAIN_ARRAYS = ['deployments', 'journal', 'activity'] as const;

export function migrate(raw: unknown): Checked<{ main: MainFile }> {
  const base = emptyCache();
  const { assets: _a, users: _u, assignments: _s, ...emptyMain } = base;
  if (raw === null || raw === undefined)
    return { ok: true, data: { main: { ...emptyMain, snapshotFile: null, deploymentsPart: null } } };
  if (!isRecord(raw)) return { ok: false, reason: 'it does not hold a cache object' };
  const version = raw.schemaVersion;
  if (typeof version !== 'number') return { ok: false, reason: 'it has no schema version' };
  if (version > SCHEMA_VERSION) return { ok: false, reason: `it was written by a newer VPP Desk (schema ${version})` };
  for (const key of MAIN_ARRAYS) {
    if (key in raw && !Array.isArray(raw[key])) return { ok: false, reason: `its "${key}" is not a list` };
  }
  if ('snapshotFile' in raw && raw.snapshotFile !== null && typeof raw.snapshotFile !== 'string') {
    return { ok: false, reason: 'its snapshot reference is not a file name' };
  }
  const deploymentsPart = raw.deploymentsPart ?? null;
  if (deploymentsPart !== null && !isOwnPartRef(deploymentsPart, 'deployments'))
    return { ok: false, reason: 'its deployments file reference is not valid' };
  // Version 2 moved the deployment rows to a part file: a version 1 cache keeps them in `deployments`, written
  // to a part by the next write.
  const { assets: _ra, users: _ru, assignments: _rs, ...rest } = raw;
  const main = {
    ...emptyMain,
    snapshotFile: null,
    ...rest,
    deploymentsPart,
    schemaVersion: SCHEMA_VERSION,
  } as MainFile;
  main.sync = { ...base.sync, ...(isRecord(raw.sync) ? (raw.sync as Partial<CacheData['sync']>) : {}) };
  main.sync.versions = { ...base.sync.versions, ...main.sync.versions };
  if (!isRecord(main.appNames)) main.appNames = {};
  main.insight = migrateInsight(raw.insight, base.insight);
  // Entries written before the audit fields existed get them, marked unknown.
  main.activity = main.activity.map(withAuditFields);
  // Journal entries written before device licensing had no serialNumbers.
  main.journal = main.journal.map((e) => ({
    ...e,
    serialNumbers: Array.isArray(e.serialNumbers) ? e.serialNumbers : [],
  }));
  if (!isRecord(main.roster)) main.roster = null;
  return { ok: true, data: { main } };
}

/** A part file's reference as the main file holds it; a name that is not a part of the data folder is refused. */
function isOwnPartRef(ref: unknown, kind: PartKind): ref is OwnPartRef {
  if (!isRecord(ref) || typeof ref.file !== 'string' || !isPartName(ref.file, kind)) return false;
  if (!isCount(ref.rows)) return false;
  if (ref.changes !== undefined && !isChangesRef(ref.changes)) return false;
  return ref.sha256 === undefined || typeof ref.sha256 === 'string';
}

/** A changes file's reference: a name of its kind (never a path outside the data folder), counts and digest. */
function isChangesRef(ref: unknown): boolean {
  if (!isRecord(ref) || typeof ref.file !== 'string' || !isChangesName(ref.file)) return false;
  return isCount(ref.rows) && isCount(ref.bytes) && typeof ref.sha256 === 'string';
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

const ACTIVITY_DEFAULTS = {
  source: 'unknown',
  actor: null,
  adamId: null,
  clientUserId: null,
  serialNumber: null,
} as const;

/**
 * `{ ...ACTIVITY_DEFAULTS, ...entry }`, the same object (fields in the same
 * order), made by Object.assign onto a fresh literal: V8 spreads one object
 * into another ~20 times slower, and every command reads up to 20,000
 * entries (~20 ms of `vpp-desk token status` for 2,600). An own "__proto__"
 * key would set the copy's prototype there, so such an entry is spread.
 */
export function withAuditFields(entry: ActivityEntry): ActivityEntry {
  if (typeof entry === 'object' && entry !== null && Object.hasOwn(entry, '__proto__'))
    return { ...ACTIVITY_DEFAULTS, ...entry };
  return Object.assign({ source: 'unknown', actor: null, adamId: null, clientUserId: null, serialNumber: null }, entry);
}

function migrateInsight(raw: unknown, base: InsightState): InsightState {
  if (!isRecord(raw)) return base;
  const rule = LowStockRule.safeParse(raw.rule);
  const overrides: Record<string, LowStockRule> = {};
  if (isRecord(raw.overrides)) {
    for (const [key, value] of Object.entries(raw.overrides)) {
      const parsed = LowStockRule.safeParse(value);
      if (parsed.success) overrides[key] = parsed.data;
    }
  }
  const alerted = Array.isArray(raw.alerted) ? raw.alerted.filter((k): k is string => typeof k === 'string') : [];
  return {
    rule: rule.success ? rule.data : base.rule,
    overrides,
    alerted,
    // What the history and alerts last looked at (see InsightState): kept when readable, else looked at again.
    ...(typeof raw.recordedAgainst === 'string' ? { recordedAgainst: raw.recordedAgainst } : {}),
    ...(typeof raw.checkedAgainst === 'string' ? { checkedAgainst: raw.checkedAgainst } : {}),
  };
}

export function migrateSnapshot(raw: unknown): Checked<SnapshotFile> {
  const decoded = decodeSnapshot(raw);
  return 'error' in decoded ? { ok: false, reason: decoded.error } : { ok: true, data: decoded };
}
