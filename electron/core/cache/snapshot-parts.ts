/**
 * The snapshot in parts: one file per collection (assets, users,
 * assignments) and a small manifest naming them, so a command that lists
 * apps reads the apps' file and never parses a million assignments.
 *
 * A part is written under a new name (temp file, then rename) and only a
 * new manifest, itself switched in by the main file, makes it current: a
 * crash at any point leaves the previous, complete set. A part unchanged by
 * a write keeps its file, named again by the next manifest.
 *
 * Plain Node with no store state: the sync's worker thread writes parts
 * with it as well as the store.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AssetCounter } from './asset-counter';
import { partRowsProblem } from './part-check';
import { ASSET_COLUMNS, ASSIGNMENT_COLUMNS, DEPLOYMENT_COLUMNS, USER_COLUMNS } from './snapshot-codec';
import { SNAPSHOT_PREFIX } from './snapshot-name';
import type { ChangesRef } from './row-changes';
import type { CacheData } from './schema';

export const PARTS_CODEC = 2;
export const COLLECTIONS = ['assets', 'users', 'assignments'] as const;
export type Collection = (typeof COLLECTIONS)[number];
/**
 * What a part file can hold: one of Apple's collections (named by a snapshot manifest) or VPP Desk's own
 * deployment rows (named by the main file: a million of them made every write of it a 4 s block).
 */
export type PartKind = Collection | 'deployments';
export type Rows<C extends PartKind> = CacheData[C];

/** A part file in force: its bare name and how many rows it holds (counts without parsing it). */
export interface PartRef {
  file: string;
  rows: number;
  /** Assignments only: this file's rows per asset (`adamId|pricingParam`). */
  perAsset?: Record<string, number> | undefined;
  /**
   * Assignments only: rows per asset as the last sync wrote them (a part
   * this process rewrites after its own deployments carries them on). The
   * next incremental sync compares them plus Apple's delta with Apple's
   * assignedCount to tell, without reading the part, which apps lost
   * assignments the delta cannot show; apps whose rows changed here since
   * (perAsset differs) are read again whole.
   */
  atSync?: Record<string, number> | undefined;
  /**
   * Deployment rows only: rows in state assigned per app (`perAsset` counts them all), so the apps list counts
   * VPP Desk's rows without reading a million of them.
   */
  assignedPerAsset?: Record<string, number> | undefined;
  /**
   * Assignments only: the file holding perAsset and atSync (part-counts.ts), named after the part. A manifest
   * names it in their place; the counts are then read from it when an incremental sync needs them.
   */
  counts?: string | undefined;
  /** Deployment rows only: the rows changed or added since the part was written (row-changes.ts); `rows` counts all. */
  changes?: ChangesRef | undefined;
  /**
   * SHA-256 of the file's bytes as written: a part whose bytes still match
   * is exactly what VPP Desk wrote, so the sync's worker can splice its rows
   * by line without parsing and checking them (part-lines.ts). Parts from
   * before it have none and are read the checked way.
   */
  sha256?: string | undefined;
}

export interface SnapshotManifest {
  codec: typeof PARTS_CODEC;
  parts: Record<Collection, PartRef>;
}

/** Each collection's columns, in the order a part file's rows list their cells. */
export const PART_COLUMNS: Record<PartKind, readonly string[]> = {
  assets: ASSET_COLUMNS,
  users: USER_COLUMNS,
  assignments: ASSIGNMENT_COLUMNS,
  deployments: DEPLOYMENT_COLUMNS,
};

const PART_NAME = /^vpp-desk-snapshot-\d+-[0-9a-f]+\.(assets|users|assignments|deployments)\.json$/;

export function isPartName(name: string, collection: PartKind): boolean {
  return PART_NAME.exec(name)?.[1] === collection;
}

/** What a part file starts with, before its first row. */
export function partHead(collection: PartKind): string {
  return `{"codec":${PARTS_CODEC},"collection":"${collection}","columns":${JSON.stringify(PART_COLUMNS[collection])},"rows":[`;
}

/** A part's rows are separated by this and framed by a newline each side: one row per line (JSON strings hold no raw newline). */
export const ROW_SEPARATOR = ',\n';
export const PART_TAIL = '\n]}';

function newPartName(collection: PartKind): string {
  return `${SNAPSHOT_PREFIX}${Date.now()}-${randomBytes(4).toString('hex')}.${collection}.json`;
}

/** Rows encoded per slice: small enough that no slice holds the event loop for long (the window answers from it). */
const SLICE_ROWS = 2000;

/** A row as its part file holds it: the JSON of its cells in the collection's column order. */
export function encodeRow<C extends PartKind>(collection: C, row: Rows<C>[number]): string {
  const cells = row as unknown as Record<string, unknown>;
  return JSON.stringify(PART_COLUMNS[collection].map((c) => cells[c] ?? null));
}

/**
 * Writes a part under a fresh name (temp file, then rename) and says what it
 * wrote. Rows as arrays under named columns (as codec 1), encoded a slice at
 * a time with a turn of the event loop between slices: one JSON.stringify of
 * a million rows would freeze the window for a second.
 */
export function writePart<C extends PartKind>(dir: string, collection: C, rows: Rows<C>): Promise<PartRef> {
  if (collection === 'deployments') return writeDeployments(dir, rows as Rows<'deployments'>);
  return writeEncoded(dir, collection, rows.length, (i) => encodeRow(collection, rows[i] as Rows<C>[number]));
}

/** Deployment rows, counted per app as they are encoded (all, and those assigned): PartRef.perAsset and assignedPerAsset. */
async function writeDeployments(dir: string, rows: Rows<'deployments'>): Promise<PartRef> {
  const all = new AssetCounter();
  const assigned = new AssetCounter();
  const ref = await writeEncoded(dir, 'deployments', rows.length, (i) => {
    const row = rows[i] as Rows<'deployments'>[number];
    all.add(row.adamId, row.pricingParam);
    if (row.state === 'assigned') assigned.add(row.adamId, row.pricingParam);
    return encodeRow('deployments', row);
  });
  return { ...ref, perAsset: all.counts(), assignedPerAsset: assigned.counts() };
}

/**
 * Writes rows already encoded (encodeRow): the sync's worker builds parts
 * from Apple's pages this way, so what it writes is what Apple said (atSync).
 */
export async function writeEncodedPart(dir: string, collection: Collection, rows: readonly string[]): Promise<PartRef> {
  const ref = await writeEncoded(dir, collection, rows.length, (i) => rows[i] ?? 'null');
  return ref.perAsset ? { ...ref, atSync: ref.perAsset } : ref;
}

async function writeEncoded(
  dir: string,
  collection: PartKind,
  count: number,
  row: (i: number) => string,
): Promise<PartRef> {
  const stream = await PartStream.open(dir, collection);
  try {
    for (let start = 0; start < count; start += SLICE_ROWS) {
      const slice: string[] = [];
      for (let i = start; i < Math.min(count, start + SLICE_ROWS); i++) slice.push(row(i));
      await stream.append(slice);
    }
    return await stream.finish();
  } catch (err) {
    await stream.abort();
    throw err;
  }
}

/**
 * A part written as its rows arrive: the sync's worker appends each slice
 * the engine sends rather than holding a whole collection until the end. A
 * temp file until finish() renames it; abort() removes it. One row per line,
 * and the bytes are hashed as written (PartRef.sha256).
 */
export class PartStream {
  private rows = 0;
  /** No row written yet: the first is preceded by a newline, the others by ROW_SEPARATOR. */
  private empty = true;
  /** Assignments only: rows per asset (PartRef.perAsset). */
  private readonly perAsset: AssetCounter | null;
  private done = false;
  private readonly hash: Hash = createHash('sha256');

  private constructor(
    private readonly handle: FileHandle,
    private readonly dir: string,
    private readonly file: string,
    private readonly tmp: string,
    collection: PartKind,
  ) {
    this.perAsset = collection === 'assignments' ? new AssetCounter() : null;
  }

  static async open(dir: string, collection: PartKind): Promise<PartStream> {
    const file = newPartName(collection);
    const tmp = path.join(dir, `.${file}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = await fs.open(tmp, 'w', 0o600);
    const stream = new PartStream(handle, dir, file, tmp, collection);
    try {
      await stream.put(partHead(collection));
    } catch (err) {
      await stream.abort();
      throw err;
    }
    return stream;
  }

  /**
   * Rows already encoded (encodeRow), in order. `assets`, when the caller has them: each row's adamId and
   * pricingParam, in turn (2 entries a row), counted as they are instead of cut from the rows' text.
   */
  async append(rows: readonly string[], assets?: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    const counter = this.perAsset;
    if (counter && assets?.length === rows.length * 2)
      for (let i = 0; i < assets.length; i += 2) counter.add(assets[i] as string, assets[i + 1] as string);
    else if (counter) for (const text of rows) counter.addRow(text);
    const out: string[] = [];
    for (const text of rows) out.push((this.empty && out.length === 0 ? '\n' : ROW_SEPARATOR) + text);
    this.rows += rows.length;
    this.empty = false;
    await this.put(out.join(''));
  }

  /**
   * Rows as another part's bytes hold them (joined by ROW_SEPARATOR), copied
   * without decoding: a merge keeps the rows it does not change this way.
   * Neither counted nor counted per asset: finish() is told both.
   */
  async appendSpan(span: Buffer): Promise<void> {
    if (span.length === 0) return;
    await this.put(this.empty ? '\n' : ROW_SEPARATOR);
    this.empty = false;
    await this.put(span);
  }

  private async put(data: string | Buffer): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.hash.update(bytes);
    await this.handle.write(bytes);
  }

  /** `counted`: the totals when rows came as spans (appendSpan), which are not counted here. */
  async finish(counted?: { rows: number; perAsset: Record<string, number> }): Promise<PartRef> {
    await this.put(PART_TAIL);
    await this.handle.sync();
    this.done = true;
    await this.handle.close();
    try {
      await fs.rename(this.tmp, path.join(this.dir, this.file));
    } finally {
      await fs.rm(this.tmp, { force: true });
    }
    const sha256 = this.hash.digest('hex');
    const rows = counted?.rows ?? this.rows;
    const perAsset = counted?.perAsset ?? this.perAsset?.counts() ?? null;
    return perAsset ? { file: this.file, rows, perAsset, sha256 } : { file: this.file, rows, sha256 };
  }

  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.handle.close().catch(() => undefined);
    }
    await fs.rm(this.tmp, { force: true });
  }
}

export interface PerAsset {
  /** Rows per asset in the part now. */
  current: Readonly<Record<string, number>>;
  /** As the last sync wrote them. */
  atSync: Readonly<Record<string, number>>;
}

/** An assignments part's counts per asset, when its manifest holds both well formed (older parts have none). */
export function perAssetOf(ref: PartRef | undefined): PerAsset | null {
  const current = countsOf(ref?.perAsset);
  const atSync = countsOf(ref?.atSync);
  return current && atSync ? { current, atSync } : null;
}

/** Counts per appKey as a reference holds them, when well formed (a hand-edited file may hold anything). */
export function countsOf(counts: unknown): Record<string, number> | null {
  if (typeof counts !== 'object' || counts === null || Array.isArray(counts)) return null;
  // for...in, not Object.values: JSON.parse leaves an object of 10,000 keys in dictionary mode, whose values
  // Object.values gathered in 7-11 ms in a fresh process against 2-3 ms (a full sync checks two at its start).
  const record = counts as Record<string, unknown>;
  for (const key in record) {
    const n = record[key];
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return null;
  }
  return counts as Record<string, number>;
}

export type PartRead<C extends PartKind> =
  { kind: 'ok'; rows: Rows<C> } | { kind: 'missing' } | { kind: 'unreadable'; why: string };

function decodePart<C extends PartKind>(collection: C, raw: unknown): Rows<C> | { error: string } {
  if (typeof raw !== 'object' || raw === null) return { error: 'it does not hold a snapshot part' };
  const r = raw as { codec?: unknown; collection?: unknown; columns?: unknown; rows?: unknown };
  if (r.codec !== PARTS_CODEC) return { error: `it has an unknown format (${String(r.codec)})` };
  if (r.collection !== collection) return { error: `it holds "${String(r.collection)}", not "${collection}"` };
  if (!Array.isArray(r.columns) || !r.columns.every((c) => typeof c === 'string'))
    return { error: 'its columns are missing' };
  if (!Array.isArray(r.rows)) return { error: `its "${collection}" is not a list of rows` };
  const columns = r.columns as string[];
  const out: Record<string, unknown>[] = new Array<Record<string, unknown>>(r.rows.length);
  for (let i = 0; i < r.rows.length; i++) {
    const cells: unknown = r.rows[i];
    if (!Array.isArray(cells)) return { error: `its "${collection}" is not a list of rows` };
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c] as string] = cells[c] ?? null;
    out[i] = row;
  }
  // The same shape gate as the whole snapshot: a row of nulls is unreadable, not a crash later.
  const problem = partRowsProblem(collection, out);
  return problem ? { error: problem } : (out as unknown as Rows<C>);
}

/**
 * Reads one part, synchronously: a collection is read when first used,
 * from a getter. Every way the file can be wrong ends in missing or
 * unreadable (why), as for the other cache files. part-read.ts reads one
 * without holding the event loop.
 */
export function readPartSync<C extends PartKind>(file: string, collection: C): PartRead<C> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: 'it could not be read' };
  }
  return parsePart(text, collection);
}

/** A part's text, checked whole: what readPartSync says of a file holding it. */
export function parsePart<C extends PartKind>(text: string, collection: C): PartRead<C> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', why: 'it is not valid JSON' };
  }
  const decoded = decodePart(collection, raw);
  return 'error' in decoded ? { kind: 'unreadable', why: decoded.error } : { kind: 'ok', rows: decoded };
}

/** A part's rows as cells under PART_COLUMNS (one row per array), as the file holds them. */
export function rowsFromCells<C extends PartKind>(
  collection: C,
  cells: readonly unknown[],
): Rows<C> | { error: string } {
  return decodePart(collection, { codec: PARTS_CODEC, collection, columns: PART_COLUMNS[collection], rows: cells });
}

/**
 * An assignments part's rows as encoded text, with the rows of `drop`'s apps
 * left out: the sync's worker merges a change into the part this way
 * without building a million row objects and encoding them back (~3x
 * faster). null when the file is not exactly what this version writes
 * (readPartSync then says why, or reads an older layout).
 */
export function readAssignmentRowsSync(file: string, drop: ReadonlySet<string>): string[] | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  const r = raw as { codec?: unknown; collection?: unknown; columns?: unknown; rows?: unknown } | null;
  if (r?.codec !== PARTS_CODEC || r.collection !== 'assignments' || !Array.isArray(r.rows)) return null;
  if (JSON.stringify(r.columns) !== JSON.stringify(PART_COLUMNS.assignments)) return null;
  const out: string[] = [];
  for (const cells of r.rows as unknown[]) {
    if (!Array.isArray(cells) || cells.length !== 4) return null;
    const [adamId, pricingParam, clientUserId, serialNumber] = cells as unknown[];
    if (typeof adamId !== 'string' || (pricingParam !== 'STDQ' && pricingParam !== 'PLUS')) return null;
    if (
      (clientUserId !== null && typeof clientUserId !== 'string') ||
      (serialNumber !== null && typeof serialNumber !== 'string')
    )
      return null;
    if (!drop.has(adamId)) out.push(JSON.stringify(cells));
  }
  return out;
}

/** A manifest read from the snapshot file: the part names are trusted only in their exact form. */
export function manifestOf(raw: unknown): SnapshotManifest | { error: string } | null {
  if (typeof raw !== 'object' || raw === null || (raw as { codec?: unknown }).codec !== PARTS_CODEC) return null;
  const parts = (raw as { parts?: unknown }).parts;
  if (typeof parts !== 'object' || parts === null) return { error: 'its parts are missing' };
  for (const c of COLLECTIONS) {
    const part = (parts as Record<string, unknown>)[c] as Partial<PartRef> | undefined;
    if (typeof part?.file !== 'string' || !isPartName(part.file, c)) return { error: `its "${c}" part is not valid` };
    if (typeof part.rows !== 'number' || !Number.isSafeInteger(part.rows) || part.rows < 0)
      return { error: `its "${c}" part is not valid` };
  }
  return raw as SnapshotManifest;
}
