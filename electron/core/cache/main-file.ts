/**
 * Reading the cache files from disk into checked data: JSON, then migration,
 * then the shape gate (file-schema.ts). Every way a file can be wrong ends in
 * one of three answers the store acts on: ok, missing, or unreadable (why).
 */
import fs from 'node:fs/promises';
import { isRecord } from '../../../shared/guards';
import { snapshotProblem, mainFileProblem } from './file-schema';
import { migrate, migrateSnapshot } from './migrate';
import { countsNameOf } from './part-counts';
import { COLLECTIONS, manifestOf, type SnapshotManifest } from './snapshot-parts';
import type { MainFile, SnapshotFile } from './schema';

export type FileRead<T> = { kind: 'ok'; data: T } | { kind: 'missing' } | { kind: 'unreadable'; why: string };

/** The main file's data and its revision (bumped by every write, whichever process made it). */
export interface LoadedMain {
  main: MainFile;
  revision: number;
}

async function readJson(file: string): Promise<FileRead<unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: 'it could not be read' };
  }
  try {
    return { kind: 'ok', data: JSON.parse(text) };
  } catch {
    return { kind: 'unreadable', why: 'it is not valid JSON' };
  }
}

/** Migration steps assume the old shape; a shape they trip over is an unreadable file, not a crash. */
function guarded<T>(step: () => T): T | { error: string } {
  try {
    return step();
  } catch {
    return { error: 'its content does not have the expected shape' };
  }
}

/** The revision is the file's, not the data's: kept out of the data so a write never carries a stale one. */
function withoutRevision(main: MainFile): MainFile {
  const copy: MainFile & { revision?: unknown } = { ...main };
  delete copy.revision;
  return copy;
}

export async function readMainFile(file: string): Promise<FileRead<LoadedMain>> {
  const read = await readJson(file);
  if (read.kind !== 'ok') return read;
  const migrated = guarded(() => migrate(read.data));
  if ('error' in migrated) return { kind: 'unreadable', why: migrated.error };
  if (!migrated.ok) return { kind: 'unreadable', why: migrated.reason };
  const rawRevision = isRecord(read.data) ? read.data.revision : undefined;
  const revision = rawRevision === undefined ? 0 : rawRevision;
  const main = withoutRevision(migrated.data.main);
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    return { kind: 'unreadable', why: 'its revision is not a count' };
  }
  const problem = mainFileProblem(main);
  return problem ? { kind: 'unreadable', why: problem } : { kind: 'ok', data: { main, revision } };
}

/** A snapshot file: a manifest naming one part per collection (read lazily), or a whole snapshot (codec 1, older caches). */
export type SnapshotRead = { kind: 'parts'; manifest: SnapshotManifest } | { kind: 'whole'; data: SnapshotFile };

export async function readSnapshotFile(file: string): Promise<FileRead<SnapshotRead>> {
  const read = await readJson(file);
  if (read.kind !== 'ok') return read;
  const manifest = manifestOf(read.data);
  if (manifest !== null) {
    if ('error' in manifest) return { kind: 'unreadable', why: manifest.error };
    // A counts file is trusted only under its part's name (it is retired and swept with the part); any other
    // name is dropped, and the counts are unknown (the next sync reads every assignment).
    for (const c of COLLECTIONS) {
      const ref = manifest.parts[c];
      if (ref.counts !== undefined && ref.counts !== countsNameOf(ref.file)) delete ref.counts;
    }
    return { kind: 'ok', data: { kind: 'parts', manifest } };
  }
  const checked = guarded(() => migrateSnapshot(read.data));
  if ('error' in checked) return { kind: 'unreadable', why: checked.error };
  if (!checked.ok) return { kind: 'unreadable', why: checked.reason };
  const problem = snapshotProblem(checked.data);
  return problem ? { kind: 'unreadable', why: problem } : { kind: 'ok', data: { kind: 'whole', data: checked.data } };
}

/**
 * The revision at the head of the main file, read without parsing the rest
 * (the file can hold a hundred thousand deployment rows): the writer puts
 * it first. null when the file is missing or does not start that way.
 */
export async function peekRevision(file: string): Promise<number | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(48);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const match = /^\{"revision":(\d+),/.exec(buffer.subarray(0, bytesRead).toString('utf8'));
    return match ? Number(match[1]) : null;
  } finally {
    await handle.close();
  }
}
