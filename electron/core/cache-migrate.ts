/**
 * Brings a cache file read from disk up to the current schema. Unknown
 * future versions and wrong shapes are refused (the store sets them aside)
 * rather than guessed at.
 */
import { emptyCache, SCHEMA_VERSION, type CacheData } from './cache-schema';

export type MigrateResult = { ok: true; data: CacheData } | { ok: false; reason: string };

const ARRAYS = ['assets', 'users', 'assignments', 'deployments', 'journal', 'activity'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function migrate(raw: unknown): MigrateResult {
  if (raw === null || raw === undefined) return { ok: true, data: emptyCache() };
  if (!isRecord(raw)) return { ok: false, reason: 'it does not hold a cache object' };
  const version = raw.schemaVersion;
  if (typeof version !== 'number') return { ok: false, reason: 'it has no schema version' };
  if (version > SCHEMA_VERSION) {
    return { ok: false, reason: `it was written by a newer VPP Desk (schema ${version})` };
  }
  for (const key of ARRAYS) {
    if (key in raw && !Array.isArray(raw[key])) return { ok: false, reason: `its "${key}" is not a list` };
  }
  // Version 1 is the first schema; later versions add steps here, in order.
  const base = emptyCache();
  const data = { ...base, ...raw, schemaVersion: SCHEMA_VERSION } as CacheData;
  data.sync = { ...base.sync, ...(isRecord(raw.sync) ? (raw.sync as Partial<CacheData['sync']>) : {}) };
  data.sync.versions = { ...base.sync.versions, ...data.sync.versions };
  if (!isRecord(data.appNames)) data.appNames = {};
  return { ok: true, data };
}
