/**
 * Lists kept in part files as the store holds them (Apple's three
 * collections, and VPP Desk's deployment rows in an instance of their own):
 * each is either rows in memory or a part file not read yet. `attach` puts
 * them on the cache object as properties, so code reading
 * `data.assignments` reads that part on first use and a command that lists
 * apps never parses the assignments.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCounts, writeCounts } from './part-counts';
import { readPart } from './part-read';
import {
  COLLECTIONS,
  readPartSync,
  writePart,
  type Collection,
  type PartKind,
  type PartRead,
  type PartRef,
  type Rows,
} from './snapshot-parts';
import type { DeploymentLog } from './deployment-log';
import type { CacheData } from './schema';

interface Slot {
  /** The part file holding these rows as they are; null when the rows must be written. */
  ref: PartRef | null;
  /** In memory; null while only on disk. */
  rows: unknown[] | null;
  /** The part these rows were last read from or written to, while they wait to be written (the log appends to it). */
  was?: PartRef | null;
  /**
   * The part whose counts as the last sync wrote them (PartRef.atSync) carry
   * over when this process changes the rows (its own deployments), so the
   * next sync compares Apple's counts with what Apple last said. Read from
   * the part's counts file only when the rows are written again.
   */
  atSyncFrom?: PartRef | undefined;
}

let blockingReads = 0;

/**
 * Parts read in one blocking call (a getter finding its collection not read yet) in this process: the window's
 * host reads them with load() first, and tests and the bench check that it did.
 */
export function blockingPartReads(): number {
  return blockingReads;
}

/** Told when a part cannot be read: the list is then empty (and, for Apple's collections, the next sync a full one). */
export type LostPart<K extends PartKind = Collection> = (collection: K, file: string, why: 'missing' | string) => void;

export class Collections<K extends PartKind = Collection> {
  private slots: Record<K, Slot>;
  /** Parts being read by load(), by version (versionOf): two callers wanting one part share its read. */
  private readonly loading = new Map<string, Promise<PartRead<PartKind>>>();
  /** Collections read or set while a change runs (watch()): only those can have been changed by it. */
  private touched: Set<K> | null = null;

  constructor(
    private readonly dir: string,
    private readonly lost: LostPart<K>,
    /** How load() reads a part (tests hold a read back to change the collection meanwhile). */
    private readonly reader: typeof readPart = readPart,
    /** The lists this object holds: Apple's three unless told. */
    private readonly names: readonly K[] = COLLECTIONS as unknown as readonly K[],
    /** Deployment rows: written as changes appended to their part (deployment-log.ts). */
    private readonly options: { log?: DeploymentLog } = {},
  ) {
    this.slots = emptySlots(names);
  }

  /** Defines this object's lists (assets, users and assignments, or deployments) on `data`. */
  attach(data: object): void {
    for (const c of this.names) {
      Object.defineProperty(data, c, {
        enumerable: true,
        configurable: true,
        get: () => this.get(c),
        set: (rows: unknown[]) => this.set(c, rows as Rows<typeof c>),
      });
    }
  }

  get<C extends K>(c: C): Rows<C> {
    this.touched?.add(c);
    const slot = this.slots[c];
    if (slot.rows === null) slot.rows = this.read(c, slot.ref);
    return slot.rows as Rows<C>;
  }

  set<C extends K>(c: C, rows: Rows<C>): void {
    this.touched?.add(c);
    const was = this.slots[c];
    this.slots[c] = { ref: null, rows, atSyncFrom: was.ref ?? was.atSyncFrom };
  }

  /**
   * Reads a collection's part now, without holding the event loop (part-read.ts), so the getter finds it in
   * memory: the window's host calls it before work that reads a large collection. Nothing to do when the rows
   * are in memory already; a part replaced while it was read (a sync adopted a new one) is left for the getter.
   */
  async load(c: K): Promise<void> {
    const ref = this.slots[c].ref;
    if (this.slots[c].rows !== null || ref === null) return;
    const key = versionOf(ref);
    let reading = this.loading.get(key);
    if (!reading) {
      const log = this.logFor(c);
      reading = (log ? log.read(this.dir, ref, this.reader) : this.reader(path.join(this.dir, ref.file), c)).finally(
        () => this.loading.delete(key),
      );
      this.loading.set(key, reading);
    }
    const read = await reading;
    // Read by the getter meanwhile, or no longer the part in force: what is there now stands. A part is never
    // rewritten under its name, so the same file adopted again (another process wrote the main file) is the same
    // rows, unless changes were appended to it since (deployment rows): that is another version.
    const now = this.slots[c];
    if (now.ref === null || versionOf(now.ref) !== key || now.rows !== null) return;
    now.rows = this.rowsOfRead(c, now.ref, read);
  }

  private read(c: K, ref: PartRef | null): unknown[] {
    if (ref === null) return [];
    blockingReads++;
    const log = this.logFor(c);
    return this.rowsOfRead(c, ref, log ? log.readSync(this.dir, ref) : readPartSync(path.join(this.dir, ref.file), c));
  }

  /** A part's read as the collection's rows; one that failed leaves the collection empty and is reported. */
  private rowsOfRead(c: K, ref: PartRef, read: PartRead<PartKind>): unknown[] {
    if (read.kind === 'ok') return read.rows;
    // Marked for rewriting (empty) before the admin is told, so the report's reads see it empty.
    this.slots[c] = { ref: null, rows: [] };
    this.lost(c, ref.file, read.kind === 'missing' ? 'missing' : read.why);
    return [];
  }

  /** Rows without reading a part: the count its manifest recorded. */
  count(c: K): number {
    const slot = this.slots[c];
    return slot.rows?.length ?? slot.ref?.rows ?? 0;
  }

  isLoaded(c: K): boolean {
    return this.slots[c].rows !== null;
  }

  refs(): Partial<Record<K, PartRef>> {
    const out: Partial<Record<K, PartRef>> = {};
    for (const c of this.names) if (this.slots[c].ref) out[c] = this.slots[c].ref ?? undefined;
    return out;
  }

  reset(): void {
    this.slots = emptySlots(this.names);
  }

  /** Parts named by a manifest, read when first used. */
  adopt(parts: Partial<Record<K, PartRef>>): void {
    for (const c of this.names) {
      const ref = parts[c];
      if (ref) this.slots[c] = { ref, rows: null, atSyncFrom: ref };
    }
  }

  /** A whole snapshot (codec 1): in memory, written as parts by the next snapshot write. */
  fromWhole(data: Pick<CacheData, K>): void {
    for (const c of this.names) this.slots[c] = { ref: null, rows: data[c] };
  }

  /** Starts noting which collections a change reads or sets (a change runs synchronously: nothing else reads). */
  watch(): void {
    this.touched = new Set();
  }

  /**
   * Ends watch(). A change said to touch the snapshot (`snapshot`) may have changed in place what it read: the
   * loaded collections it read are marked for writing. One it never read cannot have been changed by it, so a
   * deployment's result no longer rewrites, say, the 250,000 users loaded to plan it.
   */
  settle(snapshot: boolean): void {
    const touched = this.touched;
    this.touched = null;
    if (!snapshot) return;
    for (const c of this.names) {
      const slot = this.slots[c];
      if (slot.rows === null || touched?.has(c) === false) continue;
      if (slot.ref !== null) slot.was = slot.atSyncFrom = slot.ref;
      slot.ref = null;
    }
  }

  private logFor(c: K): DeploymentLog | null {
    return c === 'deployments' ? (this.options.log ?? null) : null;
  }

  /** Whether a new manifest is needed: some collection is not on disk as it is (and there is something to keep). */
  dirty(hasManifest: boolean): boolean {
    const unwritten = this.names.filter((c) => this.slots[c].ref === null);
    if (unwritten.length === 0) return false;
    return hasManifest || unwritten.some((c) => (this.slots[c].rows?.length ?? 0) > 0);
  }

  /**
   * Writes every collection not on disk as it is, and the assignments' counts to their own file (part-counts.ts;
   * a manifest from before it held them); returns the parts a new manifest names.
   */
  async persist(): Promise<Record<K, PartRef>> {
    const out = {} as Record<K, PartRef>;
    for (const c of this.names) {
      const slot = this.slots[c];
      if (slot.ref === null) {
        const log = this.logFor(c);
        const rows = (slot.rows ?? []) as Rows<typeof c>;
        const written = log
          ? await log.write(this.dir, rows as Rows<'deployments'>, slot.was ?? null)
          : await writePart(this.dir, c, rows);
        const atSync = slot.atSyncFrom ? (await readCounts(this.dir, slot.atSyncFrom))?.atSync : undefined;
        slot.ref = atSync ? { ...written, atSync } : written;
        slot.was = null;
        slot.atSyncFrom = undefined;
      }
      slot.ref = await writeCounts(this.dir, this.refOf(c));
      out[c] = slot.ref;
    }
    return out;
  }

  private refOf(c: K): PartRef {
    const ref = this.slots[c].ref;
    if (!ref) throw new Error(`snapshot part ${c} was not written`);
    return ref;
  }
}

/** A part's rows as a reference names them: its file, and how much of its changes file (deployment rows). */
function versionOf(ref: PartRef): string {
  return ref.changes ? `${ref.file}|${ref.changes.file}|${ref.changes.bytes}` : ref.file;
}

function emptySlots<K extends PartKind>(names: readonly K[]): Record<K, Slot> {
  const slots = {} as Record<K, Slot>;
  for (const c of names) slots[c] = { ref: null, rows: [] };
  return slots;
}

/** A part no longer named: dated now, so the orphan sweep's grace runs from here (another process may still read it). */
export async function retire(dir: string, file: string): Promise<void> {
  const now = new Date();
  await fs.utimes(path.join(dir, file), now, now).catch(() => undefined);
}

/** Lists kept in part files, not in the main file. */
const IN_PARTS: readonly string[] = [...COLLECTIONS, 'deployments'];

/** What the main file holds of `data`: all but the lists kept in part files (never read here: a getter would). */
export function splitMain<T extends object>(data: T): Omit<T, PartKind> {
  const main: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (!IN_PARTS.includes(key)) main[key] = (data as Record<string, unknown>)[key];
  }
  return main as Omit<T, PartKind>;
}
