/**
 * The local cache, in JSON files written atomically (temp file, then rename):
 * - the main file (vpp-desk-cache.json, lowdb): token metadata, account, sync
 *   state, journal, settings; it names the snapshot in force and the part
 *   file holding the deployment rows (a million of them made each write of
 *   the main file a 4 s block: they are written in slices and read lazily,
 *   as Apple's collections are);
 * - the activity log's own file (activity-log.ts), appended by each change;
 * - a snapshot manifest (vpp-desk-snapshot-*.json) naming one part file per
 *   collection (vpp-desk-snapshot-*.assets|users|assignments.json): Apple's
 *   data, the bulk, each part rewritten only when it changed and read only
 *   when first used (collections.ts), so start-up and a command that lists
 *   apps read the small files and never a million assignments.
 * A new snapshot is written under new names first and the main file is
 * then switched to it, so the swap is one atomic rename and a crash leaves
 * the old, complete cache. An unreadable file is never overwritten: it is
 * moved aside with the time in its name and the admin is told.
 */
import { renameSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { VppError } from '../../../shared/errors';
import { FileMutex, redact, type Clock } from '../base';
import { ACTIVITY_CAP, ActivityLog } from './activity-log';
import { Collections, retire, splitMain } from './collections';
import { DeploymentLog } from './deployment-log';
import { copyAtomic, exists, olderThan, setAside } from './files';
import { peekRevision, readMainFile, readSnapshotFile, type FileRead, type LoadedMain } from './main-file';
import { leanRef, readCounts } from './part-counts';
import { isChangesName } from './row-changes';
import { emptyCache, type CacheData, type MainFile, type OwnPartRef } from './schema';
import { isSnapshotName, newSnapshotName, SNAPSHOT_PREFIX } from './snapshot-name';
import {
  COLLECTIONS,
  countsOf,
  PARTS_CODEC,
  type Collection,
  type PartKind,
  type PartRef,
  type PerAsset,
  type SnapshotManifest,
} from './snapshot-parts';
import type { ActivityEntry, ActivityKind, ActivitySource } from '../../../shared/domain';

export const CACHE_FILE = 'vpp-desk-cache.json';
/** A copy of the main file after every write, to restore what Apple cannot give back (deployments, journal, settings). */
const LAST_GOOD_FILE = 'vpp-desk-cache.last-good.json';
const LOCK_FILE = 'vpp-desk-cache.lock';
/** An unreferenced snapshot younger than this may still be being written by a process whose lock was taken over. */
const ORPHAN_GRACE_MS = 10 * 60_000;
export { ACTIVITY_CAP };

/** What an activity entry says beyond its kind and message; missing fields take the store's defaults. */
export type ActivityDetail = Partial<
  Pick<ActivityEntry, 'source' | 'actor' | 'adamId' | 'clientUserId' | 'serialNumber'>
>;

export interface StoreNotice {
  kind: 'corrupt-cache';
  message: string;
}

export interface UpdateOptions {
  /** The change touched assets, users or assignments: write a new snapshot. */
  snapshot?: boolean;
  /**
   * Collections already written as part files (by the sync's worker): they
   * replace the store's, unread until first used.
   */
  parts?: Partial<Record<Collection, PartRef>>;
  /**
   * Work the change needs, done in turns of the event loop once the latest data is loaded and before the change
   * runs, with nothing else changing the cache meanwhile (this process's queue and every process's lock are
   * held): what it builds from the data is still true when the change reads it.
   */
  prepare?: () => Promise<void>;
}

/** The main file as written: its revision first, then the data (no deployment rows: they are in their part). */
type StoredMain = Omit<MainFile, 'deployments'> & { revision: number };

// No indentation: the cache can hold hundreds of thousands of rows.
const jsonFile = <T>(file: string) => new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });

export class Store {
  private readonly main: Low<StoredMain>;
  private readonly lastGood: string;
  private readonly mutex: FileMutex;
  private readonly file: string;
  private readonly collections: Collections;
  /** VPP Desk's own deployment rows, in a part file named by the main file. */
  private readonly own: Collections<'deployments'>;
  private current: CacheData;
  private snapshotFile: string | null = null;
  /** The main file's revision this process last read or wrote. */
  private revision = 0;
  private gen = 0;
  private readonly activityLog: ActivityLog;
  /** What activity() last returned, for views that read it synchronously (read it first). */
  private activityRead: readonly ActivityEntry[] = [];
  private activityGen = 0;
  private activityLogGen = -1;
  /**
   * The main file held activity entries (written before the log had its own file): they are pending here
   * and go to the log with the next write, skipping any a crash left written there already.
   */
  private migratingActivity = false;
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(dir, CACHE_FILE);
    this.collections = new Collections(dir, (c, file, why) => this.partLost(c, file, why));
    this.own = new Collections(dir, (_c, file, why) => this.deploymentsLost(file, why), undefined, ['deployments'], {
      log: new DeploymentLog(),
    });
    this.current = this.withCollections(splitMain(emptyCache()));
    this.lastGood = path.join(dir, LAST_GOOD_FILE);
    this.activityLog = new ActivityLog(dir);
    this.main = new Low(jsonFile<StoredMain>(this.file), {
      revision: 0,
      ...splitMain(emptyCache()),
      snapshotFile: null,
      deploymentsPart: null,
    });
    this.mutex = new FileMutex(path.join(dir, LOCK_FILE), {
      busy: () =>
        new VppError(
          'CACHE_BUSY',
          'Another VPP Desk process has kept the local cache locked for over a minute. Let it finish, or close it, and try again.',
        ),
    });
  }

  static async open(dataDir: string, clock: Clock): Promise<Store> {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = new Store(dataDir, clock);
    await store.mutex.hold(() => store.load());
    return store;
  }

  /** Bumps on every change, so derived views know when to rebuild. */
  get generation(): number {
    return this.gen;
  }

  get path(): string {
    return this.file;
  }

  /** A read-only view of the current data. Mutate only through update(). Apple's collections are read when first used. */
  get data(): Readonly<CacheData> {
    return this.current;
  }

  /** Rows per collection, without reading a collection not read yet. */
  counts(): Record<Collection, number> {
    return {
      assets: this.collections.count('assets'),
      users: this.collections.count('users'),
      assignments: this.collections.count('assignments'),
    };
  }

  /**
   * Reads these collections' parts now, off the event loop's back (part-read.ts), unless they are in memory:
   * the window's host calls it before work that reads them, which otherwise reads them in one blocking call.
   */
  async readCollections(collections: readonly PartKind[]): Promise<void> {
    // One after another: side by side, each turn of the event loop ran a slice of each.
    for (const c of collections) await (c === 'deployments' ? this.own.load(c) : this.collections.load(c));
  }

  /**
   * VPP Desk's deployment rows per app and assigned rows per app, as their part's reference counted them when it
   * was written: the apps list reads these instead of the rows (a million took 4-5 s to read). Null when the rows
   * are in memory (count them: they may have changed since) or their part holds no counts (written before them).
   */
  deploymentCounts(): { rows: Readonly<Record<string, number>>; assigned: Readonly<Record<string, number>> } | null {
    if (this.own.isLoaded('deployments')) return null;
    const ref = this.own.refs().deployments;
    const rows = countsOf(ref?.perAsset);
    const assigned = countsOf(ref?.assignedPerAsset);
    return rows && assigned ? { rows, assigned } : null;
  }

  /**
   * The assignments part's rows per app, now and as the last sync wrote them, read from their own file
   * (part-counts.ts): an incremental sync asks, nothing else. Null when unknown (the sync then reads every row).
   */
  assignmentCounts(): Promise<PerAsset | null> {
    const ref = this.collections.refs().assignments;
    return ref ? readCounts(this.dir, ref) : Promise.resolve(null);
  }

  /** Whether the assignments part has counts to read (assignmentCounts may still find their file gone). */
  namesAssignmentCounts(): boolean {
    const ref = this.collections.refs().assignments;
    return ref !== undefined && (ref.counts !== undefined || ref.perAsset !== undefined);
  }

  /** The data folder and the part files in force: the sync's worker reads and writes parts there. */
  snapshotParts(): { dir: string; parts: Partial<Record<Collection, PartRef>> } {
    return { dir: this.dir, parts: this.collections.refs() };
  }

  private withCollections(main: Omit<CacheData, PartKind>): CacheData {
    const data = { ...main } as CacheData;
    this.collections.attach(data);
    this.own.attach(data);
    return data;
  }

  /**
   * Reads both files, under the lock, and recovers whatever is missing or
   * unreadable: the main file from its last good copy, the snapshot from
   * Apple at the next sync (which is then a full one).
   */
  private async load(): Promise<void> {
    const read = await readMainFile(this.file);
    let loaded: LoadedMain | null = read.kind === 'ok' ? read.data : null;
    let recovered: string | null = null;
    if (read.kind === 'unreadable' || (read.kind === 'missing' && (await exists(this.lastGood)))) {
      const outcome = await this.recoverMain(read);
      loaded = outcome.loaded;
      recovered = outcome.message;
    }
    const main = loaded?.main ?? {
      ...splitMain(emptyCache()),
      deployments: [],
      snapshotFile: null,
      deploymentsPart: null,
    };
    const { snapshotFile, deploymentsPart, deployments, ...mainData } = main;
    this.collections.reset();
    this.own.reset();
    this.current = this.withCollections(mainData);
    this.migratingActivity = this.current.activity.length > 0;
    this.activityGen++;
    this.snapshotFile = null;
    this.revision = Math.max(this.revision, loaded?.revision ?? 0);
    if (recovered) this.report(recovered, true);
    const snapshotLost = await this.loadSnapshot(snapshotFile);
    const deploymentsLost = await this.loadDeployments(deploymentsPart, deployments);
    // A cache written before the last good copy existed gets one now.
    if (read.kind === 'ok' && !(await exists(this.lastGood))) await this.keepLastGood();
    await this.removeOrphans();
    if (recovered !== null || snapshotLost || deploymentsLost) await this.write();
  }

  /**
   * The deployment rows: the part the main file names (checked to exist here, read when first used), or the
   * rows a schema 1 cache held in the main file (written to a part by the next write). True when the part was
   * missing: the rows are empty from here, and the admin is told.
   */
  private async loadDeployments(ref: OwnPartRef | null, inline: CacheData['deployments']): Promise<boolean> {
    if (ref === null) {
      this.own.fromWhole({ deployments: inline });
      return false;
    }
    if (await exists(path.join(this.dir, ref.file))) {
      this.own.adopt({ deployments: ref });
      return false;
    }
    this.deploymentsLost(ref.file, 'missing');
    return true;
  }

  /**
   * The deployment rows' part is missing or unreadable (at load, or when first read): set aside when present,
   * the rows are empty, and the admin is told. Apple's data and the sync are untouched: unlike the snapshot,
   * these rows are VPP Desk's own and no sync brings them back; Apple's assignments still show who holds what.
   */
  private deploymentsLost(file: string, why: 'missing' | string): void {
    const kept = why === 'missing' ? '' : this.keepCorrupt(file);
    const message =
      why === 'missing'
        ? `The local cache's list of deployments (${file}) was missing; the Deployments page starts empty, and the journal, settings and Apple's licenses, users and assignments are unaffected.`
        : `The local cache's list of deployments was unreadable (${why})${kept}; the Deployments page starts empty, and the journal, settings and Apple's licenses, users and assignments are unaffected.`;
    this.notices.push({ kind: 'corrupt-cache', message });
    this.log('cache', message);
  }

  /** Sets an unreadable main file aside and restores the last good copy; says what was kept. */
  private async recoverMain(read: FileRead<LoadedMain>): Promise<{ loaded: LoadedMain | null; message: string }> {
    const movedTo = read.kind === 'unreadable' ? await setAside(this.file, this.clock.now()) : null;
    const what =
      read.kind === 'unreadable'
        ? `The local cache was unreadable (${read.why})${movedTo ? `. It was kept as ${path.basename(movedTo)}` : ''}`
        : 'The local cache file was missing';
    const backup = await readMainFile(this.lastGood);
    if (backup.kind === 'ok') {
      return {
        loaded: backup.data,
        message: `${what}; deployments, the journal and settings were restored from its last good copy, and apps, users and assignments will be read again from Apple at the next sync.`,
      };
    }
    if (backup.kind === 'unreadable') await setAside(this.lastGood, this.clock.now());
    return {
      loaded: null,
      message: `${what} and a new one will be filled from Apple at the next sync; no good copy was left to restore deployments, the journal and settings from.`,
    };
  }

  /**
   * Loads the snapshot the main file names: a manifest's parts are only
   * checked to exist here and read when first used. True when it was lost
   * (and must be rebuilt from Apple).
   */
  private async loadSnapshot(name: string | null): Promise<boolean> {
    if (name === null) return false;
    if (!isSnapshotName(name)) {
      this.report(
        `The local cache named "${name}" as its snapshot, which is not a snapshot file of the data folder; that file was left alone and apps, users and assignments will be read again from Apple at the next sync.`,
      );
      return true;
    }
    const file = path.join(this.dir, name);
    const read = await readSnapshotFile(file);
    const missingPart =
      read.kind === 'ok' && read.data.kind === 'parts' ? await this.firstMissing(read.data.manifest) : null;
    if (read.kind === 'ok' && missingPart === null) {
      if (read.data.kind === 'parts') this.collections.adopt(read.data.manifest.parts);
      else this.collections.fromWhole(read.data.data);
      this.snapshotFile = name;
      return false;
    }
    if (read.kind === 'missing' || missingPart !== null) {
      if (missingPart !== null) this.snapshotFile = name;
      this.report(
        `The local cache's snapshot of apps, users and assignments (${name}) was missing; they will be read again from Apple at the next sync, and nothing else was lost.`,
      );
      return true;
    }
    if (read.kind === 'ok') return false;
    const movedTo = await setAside(file, this.clock.now());
    this.report(
      `The local cache's snapshot of apps, users and assignments was unreadable (${read.why})${movedTo ? `. It was kept as ${path.basename(movedTo)}` : ''}; they will be read again from Apple at the next sync, and nothing else was lost.`,
    );
    return true;
  }

  private async firstMissing(manifest: SnapshotManifest): Promise<string | null> {
    for (const c of COLLECTIONS) {
      const file = manifest.parts[c].file;
      if (!(await exists(path.join(this.dir, file)))) return file;
    }
    return null;
  }

  /**
   * A part that failed when first read (outside the lock, from a getter):
   * set aside, told, and the collection is empty until the next sync, which
   * is a full one; the change is saved with the next write.
   */
  private partLost(collection: Collection, file: string, why: string): void {
    let kept = '';
    if (why !== 'missing') kept = this.keepCorrupt(file);
    this.notices.push({
      kind: 'corrupt-cache',
      message:
        why === 'missing'
          ? `The local cache's snapshot of ${collection} (${file}) was missing; apps, users and assignments will be read again from Apple at the next sync, and nothing else was lost.`
          : `The local cache's snapshot of ${collection} was unreadable (${why})${kept}; apps, users and assignments will be read again from Apple at the next sync, and nothing else was lost.`,
    });
    this.log('cache', this.notices[this.notices.length - 1]?.message ?? '');
    this.current.sync.versions = { assets: null, users: null, assignments: null };
  }

  /** Sets an unreadable part aside under a dated name; says where, for the admin's sentence. */
  private keepCorrupt(file: string): string {
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    try {
      renameSync(path.join(this.dir, file), path.join(this.dir, `${file}.corrupt-${stamp}`));
      return `. It was kept as ${file}.corrupt-${stamp}`;
    } catch {
      // Gone already (another process set it aside): nothing to keep.
      return '';
    }
  }

  /** Tells the admin (notice and activity log); a lost snapshot also makes the next sync a full one. */
  private report(message: string, mainRecovered = false): void {
    this.notices.push({ kind: 'corrupt-cache', message });
    this.log('cache', message);
    // Whatever the cause, the snapshot part is rebuilt from Apple: forget the
    // versions so the next sync reads everything rather than changes since.
    this.current.sync.versions = { assets: null, users: null, assignments: null };
    if (!mainRecovered) this.collections.reset();
  }

  /**
   * Snapshots left by a crash between writing one and switching to it, and
   * temp files a write never renamed: a crash mid-write, or a process that
   * exited before its worker removed a part it was told to drop (~60 MB a
   * repeat full sync at a million assignments, never swept before). Runs
   * under the lock, where no other process writes a snapshot; the grace
   * period also spares one written by a process whose lock was taken over as
   * stale while it was still alive (a temp file being written is appended to,
   * so its age is the time since its last append).
   */
  private async removeOrphans(): Promise<void> {
    const inForce = this.partFiles();
    let orphans = await olderThan(
      this.dir,
      ORPHAN_GRACE_MS,
      (n) =>
        (n.startsWith(SNAPSHOT_PREFIX) &&
          (n.endsWith('.json') || isChangesName(n)) &&
          n !== this.snapshotFile &&
          !inForce.has(n)) ||
        (n.startsWith(`.${SNAPSHOT_PREFIX}`) && n.endsWith('.tmp')),
    );
    // The last good copy restores the main file with the deployment rows it named (the same part, unless copying
    // it failed after a write): read only when a deployments part is about to go.
    if (orphans.some((n) => n.endsWith('.deployments.json') || isChangesName(n))) {
      const lastGood = await readMainFile(this.lastGood);
      const part = lastGood.kind === 'ok' ? lastGood.data.main.deploymentsPart : null;
      orphans = orphans.filter((n) => n !== part?.file && n !== part?.changes?.file);
    }
    await Promise.all(orphans.map((n) => fs.rm(path.join(this.dir, n), { force: true })));
  }

  private async keepLastGood(): Promise<void> {
    try {
      await copyAtomic(this.file, this.lastGood);
    } catch {
      // The write itself succeeded; an older last good copy still restores
      // deployments, the journal and settings, and the rest comes from Apple.
    }
  }

  /** Another process wrote since we last read: its revision differs from ours (mtimes can tie). */
  private async changedOnDisk(): Promise<boolean> {
    const disk = await peekRevision(this.file);
    return disk === null ? this.revision > 0 : disk !== this.revision;
  }

  /** Picks up writes made by another process (the CLI beside the window, a scheduled script). */
  refresh(): Promise<void> {
    const run = this.queue.then(async () => {
      if (!(await this.changedOnDisk())) return;
      await this.mutex.hold(() => this.load());
      this.gen++;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Applies a change and writes it. Calls are serialised within this process
   * and, through the lock file, with every other process on the data folder:
   * each change is applied to the latest data on disk, so none is lost.
   */
  update(change: (data: CacheData) => void, options: UpdateOptions = {}): Promise<void> {
    const run = this.queue.then(() =>
      this.mutex.hold(async () => {
        if (await this.changedOnDisk()) await this.load();
        await options.prepare?.();
        this.collections.watch();
        this.own.watch();
        try {
          change(this.current);
        } finally {
          // Only what the change read can need writing (collections.ts settle()). Deployment rows read by a
          // change may have been changed by it whatever it says.
          this.collections.settle(options.snapshot === true);
          this.own.settle(true);
        }
        // Taken before adopt() swaps in the new parts, so the replaced ones are retired (dated) below.
        const before = this.partFiles();
        if (options.parts) this.collections.adopt(options.parts);
        this.gen++;
        await this.write(options.parts, before);
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private partFiles(): Set<string> {
    return new Set(
      [...Object.values(this.collections.refs()), ...Object.values(this.own.refs())].flatMap((r) => [
        r.file,
        ...(r.changes ? [r.changes.file] : []),
        ...(r.counts ? [r.counts] : []),
      ]),
    );
  }

  private async write(adopted?: Partial<Record<Collection, PartRef>>, before = this.partFiles()): Promise<void> {
    // The lines first: they say what happened (at Apple, mostly), which a crash before the main file is
    // written does not undo. An append that fails fails the write, and the lines stay pending.
    await this.appendActivity();
    const previous = this.snapshotFile;
    const main = splitMain(this.current);
    let name = previous;
    if (this.collections.dirty(previous !== null) || adopted) {
      name = newSnapshotName(this.clock.now());
      const parts = await this.collections.persist();
      const manifest: SnapshotManifest = {
        codec: PARTS_CODEC,
        parts: { assets: leanRef(parts.assets), users: leanRef(parts.users), assignments: leanRef(parts.assignments) },
      };
      await jsonFile<SnapshotManifest>(path.join(this.dir, name)).write(manifest);
    }
    // Written only when some row may have changed (read by a change); none is no file.
    if (this.own.dirty(false)) await this.own.persist();
    const deploymentsPart = ownRef(this.own);
    // The revision goes first so other processes can read it from the file's head.
    const revision = this.revision + 1;
    this.main.data = { revision, ...main, snapshotFile: name, deploymentsPart };
    await this.main.write();
    this.revision = revision;
    this.snapshotFile = name;
    await this.keepLastGood();
    if (previous && previous !== name) await fs.rm(path.join(this.dir, previous), { force: true });
    // Parts no longer named are swept later (removeOrphans): another process may still read one it has not yet.
    const now = this.partFiles();
    await Promise.all([...before].filter((f) => !now.has(f)).map((f) => retire(this.dir, f)));
  }

  /**
   * Who acts in this process unless a call says otherwise: the OS user, and
   * the window or the CLI (set once by the composition root).
   */
  activityDefaults: { source: ActivitySource; actor: string | null } = { source: 'system', actor: null };

  /** Moves the entries logged since the last write to the activity log's file (under the lock). */
  private async appendActivity(): Promise<void> {
    const pending = this.current.activity;
    if (pending.length === 0) return;
    let entries: readonly ActivityEntry[] = pending;
    if (this.migratingActivity) {
      const saved = new Set((await this.activityLog.read()).map((e) => JSON.stringify(e)));
      entries = pending.filter((e) => !saved.has(JSON.stringify(e)));
    }
    await this.activityLog.append(entries);
    pending.length = 0;
    this.migratingActivity = false;
  }

  /**
   * The activity log, oldest first, at most ACTIVITY_CAP entries: its file (re-read only when another
   * process or a write changed it) and the entries logged here but not yet written.
   */
  async activity(): Promise<readonly ActivityEntry[]> {
    const saved = await this.activityLog.read();
    if (this.activityLog.generation !== this.activityLogGen) {
      this.activityLogGen = this.activityLog.generation;
      this.activityGen++;
    }
    const pending = this.current.activity;
    const all = pending.length === 0 ? saved : [...saved, ...pending];
    this.activityRead = all.length > ACTIVITY_CAP ? all.slice(all.length - ACTIVITY_CAP) : all;
    return this.activityRead;
  }

  /** What activity() last returned: for a view built synchronously right after awaiting activity(). */
  activityLoaded(): readonly ActivityEntry[] {
    return this.activityRead;
  }

  /** Moves on whenever activity() may return something else. */
  get activityGeneration(): number {
    return this.activityGen;
  }

  /** Adds to the activity log in memory; written to the log's file with the next update(). */
  log(kind: ActivityKind, message: string, data: CacheData = this.current, detail: ActivityDetail = {}): void {
    data.activity.push({
      at: this.clock.now().toISOString(),
      kind,
      // The activity log is stored, shown and exported: never with the token in it.
      message: redact(message),
      source: detail.source ?? this.activityDefaults.source,
      actor: detail.actor !== undefined ? detail.actor : this.activityDefaults.actor,
      adamId: detail.adamId ?? null,
      clientUserId: detail.clientUserId ?? null,
      serialNumber: detail.serialNumber ?? null,
    });
    this.activityGen++;
  }

  async flush(): Promise<void> {
    await this.queue;
  }
}

/** The deployment rows' part as the main file names it: name, rows and digest; null when there are none to keep. */
function ownRef(own: Collections<'deployments'>): OwnPartRef | null {
  const ref = own.refs().deployments;
  if (!ref) return null;
  const { file, rows, sha256, perAsset, assignedPerAsset, changes } = ref;
  return { file, rows, sha256, perAsset, assignedPerAsset, changes };
}
