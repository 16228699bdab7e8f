/**
 * The local cache, in two JSON files written atomically by lowdb (steno
 * writes a temp file and renames it):
 * - the main file (vpp-desk-cache.json): token metadata, account, sync
 *   state, deployments, journal, activity; it names the snapshot in force;
 * - a snapshot file (vpp-desk-snapshot-*.json): Apple's assets, users and
 *   assignments, the bulk of the data, rewritten only when a sync or a
 *   deployment changed them.
 * A new snapshot is written under a new name first and the main file is
 * then switched to it, so the swap is one atomic rename and a crash leaves
 * the old, complete cache. An unreadable file is never overwritten: it is
 * moved aside with the time in its name and the admin is told.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { VppError } from '../../../shared/errors';
import { FileMutex, redact, type Clock } from '../base';
import { copyAtomic, exists, olderThan, setAside } from './files';
import { peekRevision, readMainFile, readSnapshotFile, type FileRead, type LoadedMain } from './main-file';
import { emptyCache, type CacheData, type MainFile, type SnapshotFile } from './schema';
import { encodeSnapshot, type EncodedSnapshot } from './snapshot-codec';
import { isSnapshotName, newSnapshotName, SNAPSHOT_PREFIX } from './snapshot-name';
import type { ActivityEntry, ActivityKind, ActivitySource } from '../../../shared/domain';

export const CACHE_FILE = 'vpp-desk-cache.json';
/** A copy of the main file after every write, to restore what Apple cannot give back (deployments, journal, activity, settings). */
const LAST_GOOD_FILE = 'vpp-desk-cache.last-good.json';
const LOCK_FILE = 'vpp-desk-cache.lock';
/** An unreferenced snapshot younger than this may still be being written by a process whose lock was taken over. */
const ORPHAN_GRACE_MS = 10 * 60_000;
/** How many activity entries the cache keeps (one per license change per user makes this larger than a summary log). */
export const ACTIVITY_CAP = 20_000;

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
}

/** The main file as written: its revision first, then the data. */
type StoredMain = MainFile & { revision: number };

// No indentation: the cache can hold hundreds of thousands of rows.
const jsonFile = <T>(file: string) => new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });

export class Store {
  private readonly main: Low<StoredMain>;
  private readonly lastGood: string;
  private readonly mutex: FileMutex;
  private readonly file: string;
  private current: CacheData = emptyCache();
  private snapshotFile: string | null = null;
  /** The main file's revision this process last read or wrote. */
  private revision = 0;
  private gen = 0;
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(dir, CACHE_FILE);
    this.lastGood = path.join(dir, LAST_GOOD_FILE);
    this.main = new Low(jsonFile<StoredMain>(this.file), {
      revision: 0,
      ...split(emptyCache()).main,
      snapshotFile: null,
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

  /** A read-only view of the current data. Mutate only through update(). */
  get data(): Readonly<CacheData> {
    return this.current;
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
    const main = loaded?.main ?? { ...split(emptyCache()).main, snapshotFile: null };
    const { snapshotFile, ...mainData } = main;
    this.current = { ...mainData, assets: [], users: [], assignments: [] };
    this.snapshotFile = null;
    this.revision = Math.max(this.revision, loaded?.revision ?? 0);
    if (recovered) this.report(recovered, true);
    const snapshotLost = await this.loadSnapshot(snapshotFile);
    // A cache written before the last good copy existed gets one now.
    if (read.kind === 'ok' && !(await exists(this.lastGood))) await this.keepLastGood();
    await this.removeOrphans();
    if (recovered !== null || snapshotLost) await this.write(false);
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
        message: `${what}; deployments, the journal, activity and settings were restored from its last good copy, and apps, users and assignments will be read again from Apple at the next sync.`,
      };
    }
    if (backup.kind === 'unreadable') await setAside(this.lastGood, this.clock.now());
    return {
      loaded: null,
      message: `${what} and a new one will be filled from Apple at the next sync; no good copy was left to restore deployments, the journal, activity and settings from.`,
    };
  }

  /** Loads the snapshot the main file names; true when it was lost (and must be rebuilt from Apple). */
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
    if (read.kind === 'ok') {
      this.current = { ...this.current, ...read.data };
      this.snapshotFile = name;
      return false;
    }
    if (read.kind === 'missing') {
      this.report(
        `The local cache's snapshot of apps, users and assignments (${name}) was missing; they will be read again from Apple at the next sync, and nothing else was lost.`,
      );
      return true;
    }
    const movedTo = await setAside(file, this.clock.now());
    this.report(
      `The local cache's snapshot of apps, users and assignments was unreadable (${read.why})${movedTo ? `. It was kept as ${path.basename(movedTo)}` : ''}; they will be read again from Apple at the next sync, and nothing else was lost.`,
    );
    return true;
  }

  /** Tells the admin (notice and activity log); a lost snapshot also makes the next sync a full one. */
  private report(message: string, mainRecovered = false): void {
    this.notices.push({ kind: 'corrupt-cache', message });
    this.log('cache', message);
    // Whatever the cause, the snapshot part is rebuilt from Apple: forget the
    // versions so the next sync reads everything rather than changes since.
    this.current.sync.versions = { assets: null, users: null, assignments: null };
    if (!mainRecovered) this.current = { ...this.current, assets: [], users: [], assignments: [] };
  }

  /**
   * Snapshots left by a crash between writing one and switching to it. Runs
   * under the lock, where no other process writes a snapshot; the grace
   * period also spares one written by a process whose lock was taken over as
   * stale while it was still alive.
   */
  private async removeOrphans(): Promise<void> {
    const orphans = await olderThan(
      this.dir,
      ORPHAN_GRACE_MS,
      (n) => n.startsWith(SNAPSHOT_PREFIX) && n.endsWith('.json') && n !== this.snapshotFile,
    );
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
        change(this.current);
        this.gen++;
        await this.write(options.snapshot === true);
      }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(snapshot: boolean): Promise<void> {
    const previous = this.snapshotFile;
    const { main, snap } = split(this.current);
    let name = previous;
    if (
      snapshot ||
      (previous === null && (snap.assets.length > 0 || snap.users.length > 0 || snap.assignments.length > 0))
    ) {
      name = newSnapshotName(this.clock.now());
      await jsonFile<EncodedSnapshot>(path.join(this.dir, name)).write(encodeSnapshot(snap));
    }
    // The revision goes first so other processes can read it from the file's head.
    const revision = this.revision + 1;
    this.main.data = { revision, ...main, snapshotFile: name };
    await this.main.write();
    this.revision = revision;
    this.snapshotFile = name;
    await this.keepLastGood();
    if (previous && previous !== name) await fs.rm(path.join(this.dir, previous), { force: true });
  }

  /**
   * Who acts in this process unless a call says otherwise: the OS user, and
   * the window or the CLI (set once by the composition root).
   */
  activityDefaults: { source: ActivitySource; actor: string | null } = { source: 'system', actor: null };

  /** Appends to the activity log in memory; persisted with the next update(). */
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
    // Oldest dropped first; ACTIVITY_CAP is stated wherever the log is shown.
    if (data.activity.length > ACTIVITY_CAP) data.activity.splice(0, data.activity.length - ACTIVITY_CAP);
  }

  async flush(): Promise<void> {
    await this.queue;
  }
}

function split(data: CacheData): { main: Omit<MainFile, 'snapshotFile'>; snap: SnapshotFile } {
  const { assets, users, assignments, ...main } = data;
  return { main, snap: { assets, users, assignments } };
}
