/**
 * How VPP Desk's deployment rows reach their files: the rows a change
 * edited or added are appended to the part's changes file (row-changes.ts),
 * and the part is written whole only when there is no base to append to,
 * the list shrank or was replaced, or the changes grew to a quarter of it.
 *
 * Code edits rows in place (`row.state = ...`), so the store cannot be told
 * which rows a change edited; it compares with the rows as they are on disk
 * (row-shadow.ts): a row whose object or any cell differs is a changed row.
 * A change that only looked at the rows (a sync's check, a retry that found
 * nothing to send) writes nothing.
 *
 * Comparing and copying run in slices with a turn of the event loop between
 * them when the caller can wait (the window's thread answers meanwhile).
 */
import { createHash } from 'node:crypto';
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
import { RowShadow, type Work } from './row-shadow';
import { countsOf, readPartSync, writePart, type PartRead, type PartRef } from './snapshot-parts';
import type { CachedDeployment } from './schema';

type Rows = CachedDeployment[];

/** Changes appended before the part is written whole again: at least this many, or a quarter of the rows. */
let compactionFloor = 2000;

/** Sets the floor, returning the one before (tests reach compaction with a few rows). */
export function setCompactionFloor(rows: number): number {
  const before = compactionFloor;
  compactionFloor = rows;
  return before;
}

export class DeploymentLog {
  private shadow: RowShadow | null = null;
  /** Changes files this process started: the only ones it appends to. */
  private readonly started = new Set<string>();

  /** The rows of a part and its changes, in one call (a getter's read). */
  readSync(dir: string, ref: PartRef): PartRead<'deployments'> {
    const base = readPartSync(path.join(dir, ref.file), 'deployments');
    const changes = base.kind === 'ok' && ref.changes ? readChangesSync(dir, ref.changes) : null;
    const read = applied(base, changes);
    if (read.kind === 'ok') this.shadow = runNow(shadowOf(read.rows, ref, changes));
    return read;
  }

  /** The same without holding the event loop (part-read.ts). */
  async read(dir: string, ref: PartRef, reader: typeof readPart = readPart): Promise<PartRead<'deployments'>> {
    const base = await reader(path.join(dir, ref.file), 'deployments');
    const changes = base.kind === 'ok' && ref.changes ? await readChanges(dir, ref.changes) : null;
    const read = applied(base, changes);
    if (read.kind === 'ok') this.shadow = await runInTurns(shadowOf(read.rows, ref, changes));
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
      const changed = await runInTurns(shadow.changed());
      if (changed.length === 0) return was;
      if ((was.changes?.rows ?? 0) + changed.length <= Math.max(compactionFloor, rows.length / 4)) {
        // Any failure to append (a changes file gone, a full disk) is met by writing the part whole.
        const appended = await this.append(dir, shadow, was, changed).catch(() => null);
        if (appended) return appended;
      }
    }
    const ref = await writePart(dir, 'deployments', rows);
    this.shadow = await runInTurns(shadowOf(rows, ref, null));
    return ref;
  }

  private async append(dir: string, shadow: RowShadow, was: PartRef, changed: number[]): Promise<PartRef> {
    const rows = shadow.rows;
    const counts = countsAfter(shadow, was, changed);
    const lines = changed.map((i) => changeLine(i, rows[i] as CachedDeployment));
    const before = was.changes;
    let file: string;
    let from: number;
    let hash = shadow.hash.copy();
    if (before && this.started.has(before.file)) {
      file = before.file;
      from = before.bytes;
    } else {
      // A changes file is appended to only by the process that started it: another process's (read from the main
      // file) is copied, as far as committed, into one of this process's. Under the lock no two processes write at
      // once, but a process whose lock was taken over as stale (frozen for minutes mid-write) may wake and append;
      // each to its own file, the main file's last writer names a whole one.
      const committed = before ? await readChanges(dir, before) : null;
      if (committed && committed.kind !== 'ok') throw new Error('the changes file could not be copied');
      file = newChangesName();
      from = 0;
      hash = createHash('sha256');
      if (committed) lines.unshift(committed.bytes.toString('utf8'));
      this.started.add(file);
    }
    const { bytes, sha256 } = await appendChanges(dir, file, from, lines, hash);
    const changes: ChangesRef = { file, rows: (before?.rows ?? 0) + changed.length, bytes, sha256 };
    for (const i of changed) shadow.record(i);
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

/** The rows as `ref` and the changes read hold them. */
function* shadowOf(rows: Rows, ref: PartRef, changes: ChangesRead | null): Work<RowShadow> {
  const hash = createHash('sha256').update(changes?.kind === 'ok' ? changes.bytes : Buffer.alloc(0));
  const shadow = new RowShadow(rows, ref.file, ref.changes ?? null, hash);
  yield* shadow.recordAll();
  return shadow;
}

/** The shadow describes `was` and the very list given, which has not shrunk: its changed rows can be appended. */
function appendable(shadow: RowShadow, rows: Rows, was: PartRef): boolean {
  if (shadow.rows !== rows || rows.length < shadow.length || shadow.base !== was.file) return false;
  const a = shadow.changes;
  const b = was.changes;
  return a === null || b === undefined ? a === null && b === undefined : a.file === b.file && a.bytes === b.bytes;
}

/** The reference's rows per app and assigned rows per app, moved by the changed rows (none when it had none). */
function countsAfter(shadow: RowShadow, was: PartRef, changed: number[]): Partial<PartRef> {
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
  const count = (row: Pick<CachedDeployment, 'adamId' | 'pricingParam' | 'state'>, by: number) => {
    const key = appKey(row.adamId, row.pricingParam);
    move(perAsset, key, by);
    if (row.state === 'assigned') move(assignedPerAsset, key, by);
  };
  for (const i of changed) {
    if (i < shadow.length) count(shadow.recorded(i), -1);
    count(shadow.rows[i] as CachedDeployment, 1);
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
