/**
 * The local cache: one JSON file written atomically by lowdb (steno writes a
 * temp file and renames it). An unreadable file is never overwritten: it is
 * moved aside with the time in its name and the admin is told.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { ActivityEntry, ActivityKind } from '../../shared/domain';
import { emptyCache, SCHEMA_VERSION, type CacheData } from './cache-schema';
import type { Clock } from './clock';
import { migrate } from './cache-migrate';

export const CACHE_FILE = 'vpp-desk-cache.json';
const MAX_ACTIVITY = 10_000;

export interface StoreNotice {
  kind: 'corrupt-cache';
  movedTo: string;
  message: string;
}

export class Store {
  private readonly db: Low<CacheData>;
  private readonly file: string;
  private mtimeMs = 0;
  private gen = 0;
  readonly notices: StoreNotice[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(dataDir: string, private readonly clock: Clock) {
    this.file = path.join(dataDir, CACHE_FILE);
    // No indentation: the cache can hold hundreds of thousands of rows.
    this.db = new Low(new DataFile<CacheData>(this.file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), emptyCache());
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
    return this.db.data;
  }

  private async load(): Promise<void> {
    let raw: unknown;
    try {
      await this.db.read();
      raw = this.db.data;
    } catch (err) {
      await this.setAside(err instanceof SyntaxError ? 'it is not valid JSON' : 'it could not be read');
      return;
    }
    const migrated = migrate(raw);
    if (!migrated.ok) {
      await this.setAside(migrated.reason);
      return;
    }
    this.db.data = migrated.data;
    await this.stat();
  }

  private async setAside(why: string): Promise<void> {
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    const movedTo = `${this.file}.corrupt-${stamp}`;
    await fs.rename(this.file, movedTo);
    this.db.data = emptyCache();
    const message = `The local cache was unreadable (${why}). It was kept as ${path.basename(movedTo)} and a new one will be filled from Apple at the next sync.`;
    this.notices.push({ kind: 'corrupt-cache', movedTo, message });
    this.log('cache', message);
    await this.db.write();
    await this.stat();
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
      await this.db.read();
      const migrated = migrate(this.db.data);
      if (migrated.ok) this.db.data = migrated.data;
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
  update(change: (data: CacheData) => void): Promise<void> {
    const run = this.queue.then(async () => {
      await this.refresh();
      change(this.db.data);
      this.gen++;
      await this.db.write();
      await this.stat();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Appends to the activity log in memory; persisted with the next update(). */
  log(kind: ActivityKind, message: string, data: CacheData = this.db.data): void {
    const entry: ActivityEntry = { at: this.clock.now().toISOString(), kind, message };
    data.activity.push(entry);
    if (data.activity.length > MAX_ACTIVITY) data.activity.splice(0, data.activity.length - MAX_ACTIVITY);
  }

  async flush(): Promise<void> {
    await this.queue;
  }
}

export { SCHEMA_VERSION };
