/**
 * The heavy end of a sync, as plain work with no store or event loop of its
 * own to care about: the changed users and assignments (rows already encoded
 * by the read, one JSON string each) become part files; a users delta is
 * merged into the cached users part first. It runs in the sync's worker
 * thread (part-worker.ts), so the thread that answers the window never
 * builds or writes a million rows; in-process only when no worker can start.
 *
 * Parts are written under new names and named by nothing yet: the main
 * thread switches to them in one store write (crash-safe as any snapshot).
 */
import path from 'node:path';
import { VppError } from '../../../shared/errors';
import { rowKey } from '../../../shared/keys';
import { encodeRow, readAssignmentRowsSync, readPartSync, writeEncodedPart, type PartRef } from '../cache';
import { holdersByLines, spliceAssignments } from './part-splice';

export type JobCollection = 'users' | 'assignments';

export interface PartInput {
  collection: JobCollection;
  /** Rows encoded as the part file holds them (cache's encodeRow). */
  rows: readonly string[];
  /**
   * A delta merged into this part of the data folder, not written alone:
   * users by clientUserId; assignments added to the cached ones, after
   * dropping those of `replaceAdamIds` (apps read again whole).
   */
  mergeInto?: PartRef | undefined;
  replaceAdamIds?: readonly string[] | undefined;
  /**
   * Walked whole into the worker as the pages came (part-writer.ts open()):
   * `rows` is empty, the worker has them; the number of pages it must have.
   */
  streamed?: number | undefined;
}

export type WrittenParts = Partial<Record<JobCollection, PartRef>>;

export async function writeParts(dir: string, inputs: readonly PartInput[]): Promise<WrittenParts> {
  const out: WrittenParts = {};
  for (const input of inputs) {
    const into = input.mergeInto;
    const replace = input.replaceAdamIds ?? [];
    const spliced =
      into && input.collection === 'assignments' ? await spliceAssignments(dir, into, input.rows, replace) : null;
    if (spliced) {
      out.assignments = spliced;
      continue;
    }
    const rows =
      into === undefined
        ? input.rows
        : input.collection === 'users'
          ? mergeUsers(dir, into.file, input.rows)
          : mergeAssignments(dir, into.file, input.rows, replace);
    out[input.collection] = await writeEncodedPart(dir, input.collection, rows);
  }
  return out;
}

function mergeUsers(dir: string, file: string, delta: readonly string[]): string[] {
  const read = readPartSync(path.join(dir, file), 'users');
  // The sync then fails and is retried; the store sets an unreadable part aside when it next reads it.
  if (read.kind !== 'ok')
    throw new VppError('INTERNAL', `The cached users could not be read to apply Apple's changes.`);
  return mergeEncodedUsers(
    read.rows.map((u) => encodeRow('users', u)),
    delta,
  );
}

function mergeAssignments(dir: string, file: string, added: readonly string[], replace: readonly string[]): string[] {
  const dropped = new Set(replace);
  const fast = readAssignmentRowsSync(path.join(dir, file), dropped);
  if (fast) return mergeEncodedAssignments(fast, added);
  const read = readPartSync(path.join(dir, file), 'assignments');
  if (read.kind !== 'ok')
    throw new VppError('INTERNAL', `The cached assignments could not be read to apply Apple's changes.`);
  const kept = read.rows.filter((a) => !dropped.has(a.adamId)).map((a) => encodeRow('assignments', a));
  return mergeEncodedAssignments(kept, added);
}

/** An assignment is all its cells, so its encoded row is its identity: ones already held are not added twice. */
export function mergeEncodedAssignments(current: readonly string[], added: readonly string[]): string[] {
  const seen = new Set(current);
  const out = [...current];
  for (const row of added) {
    if (seen.has(row)) continue;
    seen.add(row);
    out.push(row);
  }
  return out;
}

/** Changed records replace (by clientUserId, keeping their place), new ones join at the end. */
export function mergeEncodedUsers(current: readonly string[], delta: readonly string[]): string[] {
  const byId = new Map<string, string>();
  // clientUserId is the users part's first column.
  const idOf = (row: string) => (JSON.parse(row) as [string])[0];
  for (const row of current) byId.set(idOf(row), row);
  for (const row of delta) byId.set(idOf(row), row);
  return [...byId.values()];
}

/**
 * Which of `keys` (shared/keys rowKey: app, pricing, user) the assignments
 * part holds: deployment rows are checked against Apple's assignments here,
 * off the thread that answers the window (reading a million rows there held
 * it for seconds after every sync that changed them).
 */
export function holdersIn(dir: string, part: Pick<PartRef, 'file' | 'sha256'>, keys: readonly string[]): string[] {
  const byLines = holdersByLines(dir, part, keys);
  if (byLines) return byLines;
  const read = readPartSync(path.join(dir, part.file), 'assignments');
  if (read.kind !== 'ok')
    throw new VppError('INTERNAL', 'The cached assignments could not be read to check deployments.');
  const holding = new Set<string>();
  for (const a of read.rows) if (a.clientUserId !== null) holding.add(rowKey(a.adamId, a.pricingParam, a.clientUserId));
  return keys.filter((k) => holding.has(k));
}
