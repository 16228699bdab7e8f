/**
 * How VPP Desk's deployment rows reach their files: the rows a change
 * edited or added are appended to the part's changes file (row-changes.ts),
 * and the part is written whole only when there is no base to append to,
 * the list shrank or was replaced, or the changes grew to a quarter of it.
 *
 * Code edits rows in place (`row.state = ...`), so the store cannot be told
 * which rows a change edited; it compares. The log keeps, for the rows as
 * they are on disk, each row object and each of its cells (a "shadow": ten
 * references a row, ~80 MB at a million rows); a row whose object or any
 * cell differs is a changed row. A change that only looked at the rows
 * (a sync's check, a retry that found nothing to send) writes nothing.
 *
 * Comparing and copying run in slices with a turn of the event loop between
 * them when the caller can wait (the window's thread answers meanwhile).
 */
import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { appKey } from '../../../shared/keys';
import { readPart } from './part-read';
import {
  appendChanges,
  applyChanges,
  changeLine,
  newChangesName,
  readChanges,
  readChangesSync,
  type ChangesRead,
  type ChangesRef,
} from './row-changes';
import { DEPLOYMENT_COLUMNS } from './snapshot-codec';
import { countsOf, readPartSync, writePart, type PartRead, type PartRef } from './snapshot-parts';
import type { CachedDeployment } from './schema';

type Rows = CachedDeployment[];
type Column = (typeof DEPLOYMENT_COLUMNS)[number];
/** A list per column of the part (the type makes every column one). */
type Cells = { [C in Column]: Array<CachedDeployment[C]> };
type Work<R> = Generator<void, R, void>;

/** The rows as their files hold them. */
interface Shadow {
  /** The list described: another list (replaced, not edited) is written whole. */
  rows: Rows;
  objects: CachedDeployment[];
  /** Each row's cell, per column. */
  cells: Cells;
  /** The part and the changes committed after it that these rows are. */
  base: string;
  changes: ChangesRef | null;
  /** Digest state of the changes' committed bytes: an append extends it. */
  hash: Hash;
}

/** Changes appended before the part is written whole again: at least this many, or a quarter of the rows. */
let compactionFloor = 2000;

/** Sets the floor, returning the one before (tests reach compaction with a few rows). */
export function setCompactionFloor(rows: number): number {
  const before = compactionFloor;
  compactionFloor = rows;
  return before;
}

/** Rows compared or copied between turns of the event loop (~1-2 ms a slice). */
const SLICE = 16_384;

export class DeploymentLog {
  private shadow: Shadow | null = null;

  /** The rows of a part and its changes, in one call (a getter's read). */
  readSync(dir: string, ref: PartRef): PartRead<'deployments'> {
    const base = readPartSync(path.join(dir, ref.file), 'deployments');
    const changes = base.kind === 'ok' && ref.changes ? readChangesSync(dir, ref.changes) : null;
    const read = applied(base, changes);
    if (read.kind === 'ok') this.shadow = runNow(snapshot(read.rows, ref, changes));
    return read;
  }

  /** The same without holding the event loop (part-read.ts). */
  async read(dir: string, ref: PartRef, reader: typeof readPart = readPart): Promise<PartRead<'deployments'>> {
    const base = await reader(path.join(dir, ref.file), 'deployments');
    const changes = base.kind === 'ok' && ref.changes ? await readChanges(dir, ref.changes) : null;
    const read = applied(base, changes);
    if (read.kind === 'ok') this.shadow = await runInTurns(snapshot(read.rows, ref, changes));
    return read;
  }

  /**
   * Writes the rows: appended to `was` (the files they were last read from or written to) when the log can tell
   * what changed, else a whole new part. Returns the reference the main file is to name; `was` itself when no
   * row changed.
   */
  async write(dir: string, rows: Rows, was: PartRef | null): Promise<PartRef> {
    const shadow = this.shadow;
    if (was && shadow && appendable(shadow, rows, was)) {
      const changed = await runInTurns(changedRows(shadow, rows));
      if (changed.length === 0) return was;
      if ((was.changes?.rows ?? 0) + changed.length <= Math.max(compactionFloor, rows.length / 4)) {
        const appended = await this.append(dir, shadow, rows, was, changed).catch(() => null);
        if (appended) return appended;
      }
    }
    const ref = await writePart(dir, 'deployments', rows);
    this.shadow = await runInTurns(snapshot(rows, ref, null));
    return ref;
  }

  private async append(dir: string, shadow: Shadow, rows: Rows, was: PartRef, changed: number[]): Promise<PartRef> {
    const counts = countsAfter(shadow, rows, was, changed);
    const file = was.changes?.file ?? newChangesName();
    const lines = changed.map((i) => changeLine(i, rows[i] as CachedDeployment));
    const hash = shadow.hash.copy();
    const { bytes, sha256 } = await appendChanges(dir, file, was.changes?.bytes ?? 0, lines, hash);
    const changes: ChangesRef = { file, rows: (was.changes?.rows ?? 0) + changed.length, bytes, sha256 };
    for (const i of changed) record(shadow, rows, i);
    shadow.changes = changes;
    shadow.hash = hash;
    return { ...was, rows: rows.length, ...counts, changes };
  }
}

/** The part's rows with its changes applied; a changes file that cannot be read makes the rows unreadable. */
function applied(base: PartRead<'deployments'>, changes: ChangesRead | null): PartRead<'deployments'> {
  if (base.kind !== 'ok' || changes === null) return base;
  if (changes.kind !== 'ok')
    return { kind: 'unreadable', why: changes.kind === 'missing' ? 'its changes file is missing' : changes.why };
  const problem = applyChanges(base.rows, changes.bytes);
  return problem ? { kind: 'unreadable', why: problem } : base;
}

/** The shadow describes `was` and the very list given, which has not shrunk: its changed rows can be appended. */
function appendable(shadow: Shadow, rows: Rows, was: PartRef): boolean {
  if (shadow.rows !== rows || rows.length < shadow.objects.length || shadow.base !== was.file) return false;
  const a = shadow.changes;
  const b = was.changes;
  return a === null || b === undefined ? a === null && b === undefined : a.file === b.file && a.bytes === b.bytes;
}

function* snapshot(rows: Rows, ref: PartRef, changes: ChangesRead | null): Work<Shadow> {
  const objects: CachedDeployment[] = [];
  const cells = Object.fromEntries(DEPLOYMENT_COLUMNS.map((c) => [c, []])) as unknown as Cells;
  const shadow: Shadow = {
    rows,
    objects,
    cells,
    base: ref.file,
    changes: ref.changes ?? null,
    hash: createHash('sha256').update(changes?.kind === 'ok' ? changes.bytes : Buffer.alloc(0)),
  };
  for (let i = 0; i < rows.length; i++) {
    record(shadow, rows, i);
    if ((i & (SLICE - 1)) === SLICE - 1) yield;
  }
  return shadow;
}

// Each column by name, not a loop over DEPLOYMENT_COLUMNS: a property read by a computed name made copying a
// million rows ~380 ms and comparing them ~80 ms (by name: ~260 and ~25). A column added to the part and not
// here is caught by deployment-changes.test.ts, which edits each column in turn.
function record(shadow: Shadow, rows: Rows, i: number): void {
  const row = rows[i] as CachedDeployment;
  const c = shadow.cells;
  shadow.objects[i] = row;
  c.adamId[i] = row.adamId;
  c.pricingParam[i] = row.pricingParam;
  c.clientUserId[i] = row.clientUserId;
  c.action[i] = row.action;
  c.state[i] = row.state;
  c.reason[i] = row.reason;
  c.createdAt[i] = row.createdAt;
  c.updatedAt[i] = row.updatedAt;
  c.journalId[i] = row.journalId;
}

/** Indices of rows added, replaced or edited since the shadow was taken. */
function* changedRows(shadow: Shadow, rows: Rows): Work<number[]> {
  const changed: number[] = [];
  const known = shadow.objects.length;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as CachedDeployment;
    if (i >= known || row !== shadow.objects[i] || edited(shadow, row, i)) changed.push(i);
    if ((i & (SLICE - 1)) === SLICE - 1) yield;
  }
  return changed;
}

function edited(shadow: Shadow, row: CachedDeployment, i: number): boolean {
  const c = shadow.cells;
  return (
    row.state !== c.state[i] ||
    row.updatedAt !== c.updatedAt[i] ||
    row.reason !== c.reason[i] ||
    row.journalId !== c.journalId[i] ||
    row.action !== c.action[i] ||
    row.createdAt !== c.createdAt[i] ||
    row.clientUserId !== c.clientUserId[i] ||
    row.adamId !== c.adamId[i] ||
    row.pricingParam !== c.pricingParam[i]
  );
}

/** The reference's rows per app and assigned rows per app, moved by the changed rows (none when it had none). */
function countsAfter(shadow: Shadow, rows: Rows, was: PartRef, changed: number[]): Partial<PartRef> {
  const all = countsOf(was.perAsset);
  const assigned = countsOf(was.assignedPerAsset);
  if (!all || !assigned) return { perAsset: undefined, assignedPerAsset: undefined };
  const perAsset = new Map(Object.entries(all));
  const assignedPerAsset = new Map(Object.entries(assigned));
  // An app's count that reaches 0 is dropped, as a count made from the rows has no entry for it.
  const move = (counts: Map<string, number>, key: string, by: number) => {
    const n = (counts.get(key) ?? 0) + by;
    if (n > 0) counts.set(key, n);
    else counts.delete(key);
  };
  for (const i of changed) {
    if (i < shadow.objects.length) {
      const key = appKey(shadow.cells.adamId[i] as string, shadow.cells.pricingParam[i] as string);
      move(perAsset, key, -1);
      if (shadow.cells.state[i] === 'assigned') move(assignedPerAsset, key, -1);
    }
    const row = rows[i] as CachedDeployment;
    const key = appKey(row.adamId, row.pricingParam);
    move(perAsset, key, 1);
    if (row.state === 'assigned') move(assignedPerAsset, key, 1);
  }
  return { perAsset: Object.fromEntries(perAsset), assignedPerAsset: Object.fromEntries(assignedPerAsset) };
}

function runNow<R>(work: Work<R>): R {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

async function runInTurns<R>(work: Work<R>): Promise<R> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    await turn();
  }
}
