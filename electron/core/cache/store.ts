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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { migrate, migrateSnapshot } from './migrate';
import { emptyCache, type CacheData, type MainFile, type SnapshotFile } from './schema';
import { encodeSnapshot, type EncodedSnapshot } from './snapshot-codec';
import type { ActivityKind } from '../../../shared/domain';
import type { Clock } from '../base';

export const CACHE_FILE = 'vpp-desk-cache.json';
const SNAPSHOT_PREFIX = 'vpp-desk-snapshot-';
const MAX_ACTIVITY = 10_000;

export interface StoreNotice {
  kind: 'corrupt-cache';
  movedTo: string;
  message: string;
}

export interface UpdateOptions {
  /** The change touched assets, users or assignments: write a new snapshot. */
  snapshot?: boolean;
}

// No indentation: the cache can hold hundreds of thousands of rows.
const jsonFile = <T>(file: string) => new DataFile<T>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });

export class Store {
  private readonly main: Low<MainFile>;
  private readonly file: string;
  private current: CacheData = emptyCache();
  private snapshotFile: string | null = null;
  private mtimeMs = 0;
  private gen = 0;
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(dir, CACHE_FILE);
    this.main = new Low(jsonFile<MainFile>(this.file), { ...split(emptyCache()).main, snapshotFile: null });
  }

  static async open(dataDir: string, clock: Clock): Promise<Store> {
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
    const store = new Store(dataDir, clock);
    await store.load();
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

  private async load(): Promise<void> {
    const loaded = await this.readMain();
    if (!loaded) return;
    await this.readSnapshot(loaded.snapshotFile, loaded);
    await this.removeOrphans();
    await this.stat();
  }

  /** Reads and migrates the main file; sets it aside (and returns null) when unreadable. */
  private async readMain(): Promise<MainFile | null> {
    let raw: unknown;
    try {
      await this.main.read();
      raw = this.main.data;
    } catch (err) {
      await this.setAside(this.file, err instanceof SyntaxError ? 'it is not valid JSON' : 'it could not be read');
      return null;
    }
    const migrated = migrate(raw);
    if (!migrated.ok) {
      await this.setAside(this.file, migrated.reason);
      return null;
    }
    this.current = { ...migrated.data.main, ...this.snapshotPart() };
    return migrated.data.main;
  }

  private snapshotPart(): SnapshotFile {
    return { assets: this.current.assets, users: this.current.users, assignments: this.current.assignments };
  }

  private async readSnapshot(name: string | null, main: MainFile): Promise<void> {
    this.snapshotFile = name;
    if (!name) {
      this.current = { ...main, assets: [], users: [], assignments: [] };
      return;
    }
    const file = path.join(this.dir, name);
    let parsed: SnapshotFile | null = null;
    let why = 'it could not be read';
    try {
      const raw: unknown = await jsonFile<unknown>(file).read();
      const checked = migrateSnapshot(raw);
      if (checked.ok) parsed = checked.data;
      else why = checked.reason;
    } catch (err) {
      why = err instanceof SyntaxError ? 'it is not valid JSON' : why;
    }
    if (parsed) {
      this.current = { ...main, ...parsed };
      return;
    }
    await this.setAside(file, why, false);
    // Without the snapshot the next sync must read everything again.
    this.current = { ...main, assets: [], users: [], assignments: [] };
    this.current.sync.versions = { assets: null, users: null, assignments: null };
    this.snapshotFile = null;
    await this.write(true);
  }

  /** Snapshots left by a crash between writing one and switching to it. */
  private async removeOrphans(): Promise<void> {
    const names = await fs.readdir(this.dir);
    const orphans = names.filter(
      (n) => n.startsWith(SNAPSHOT_PREFIX) && n.endsWith('.json') && n !== this.snapshotFile,
    );
    await Promise.all(orphans.map((n) => fs.rm(path.join(this.dir, n), { force: true })));
  }

  private async setAside(file: string, why: string, resetAll = true): Promise<void> {
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = `${file}.corrupt-${stamp}`;
    await fs.rename(file, movedTo);
    if (resetAll) {
      this.current = emptyCache();
      this.snapshotFile = null;
    }
    const message = `The local cache was unreadable (${why}). It was kept as ${path.basename(movedTo)} and a new one will be filled from Apple at the next sync.`;
    this.notices.push({ kind: 'corrupt-cache', movedTo, message });
    this.log('cache', message);
    if (resetAll) await this.write(false);
  }

  private async stat(): Promise<void> {
    try {
      this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
    } catch {
      this.mtimeMs = 0;
    }
  }

  /** Picks up writes made by another process (the CLI beside the window). */
  async refresh(): Promise<void> {
    let mtime: number;
    try {
      mtime = (await fs.stat(this.file)).mtimeMs;
    } catch {
      return;
    }
    if (mtime === this.mtimeMs) return;
    try {
      await this.main.read();
      const migrated = migrate(this.main.data);
      if (!migrated.ok) return;
      const main = migrated.data.main;
      if (main.snapshotFile !== this.snapshotFile) {
        const raw: unknown = await jsonFile<unknown>(path.join(this.dir, main.snapshotFile ?? '')).read();
        const checked = migrateSnapshot(raw);
        if (!checked.ok) return;
        this.current = { ...main, ...checked.data };
        this.snapshotFile = main.snapshotFile;
      } else {
        this.current = { ...main, ...this.snapshotPart() };
      }
      this.mtimeMs = mtime;
      this.gen++;
    } catch {
      // Caught mid-rename by another writer; the next refresh reads it.
    }
  }

  /**
   * Applies a change and writes it; calls are serialised so two updates never
   * interleave within this process.
   */
  update(change: (data: CacheData) => void, options: UpdateOptions = {}): Promise<void> {
    const run = this.queue.then(async () => {
      await this.refresh();
      change(this.current);
      this.gen++;
      await this.write(options.snapshot === true);
      await this.stat();
    });
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
      name = `${SNAPSHOT_PREFIX}${this.clock.now().getTime()}-${randomBytes(4).toString('hex')}.json`;
      await jsonFile<EncodedSnapshot>(path.join(this.dir, name)).write(encodeSnapshot(snap));
    }
    this.main.data = { ...main, snapshotFile: name };
    await this.main.write();
    this.snapshotFile = name;
    if (previous && previous !== name) await fs.rm(path.join(this.dir, previous), { force: true });
  }

  /** Appends to the activity log in memory; persisted with the next update(). */
  log(kind: ActivityKind, message: string, data: CacheData = this.current): void {
    data.activity.push({ at: this.clock.now().toISOString(), kind, message });
    if (data.activity.length > MAX_ACTIVITY) data.activity.splice(0, data.activity.length - MAX_ACTIVITY);
  }

  async flush(): Promise<void> {
    await this.queue;
  }
}

function split(data: CacheData): { main: Omit<MainFile, 'snapshotFile'>; snap: SnapshotFile } {
  const { assets, users, assignments, ...main } = data;
  return { main, snap: { assets, users, assignments } };
}
