/**
 * The usage history's own small file (vpp-desk-history.json), so the main
 * cache file, rewritten on every change, stays small. Written atomically
 * (lowdb's steno: temp file, then rename) and only by a sync, which holds
 * the sync lock, so two processes never write it at once. An unreadable
 * file is set aside with the time in its name, never overwritten.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DataFile } from 'lowdb/node';
import { isRecord } from '../../../shared/guards';
import { inTurns } from '../views';
import { recordCounts, trimHistory, type AssetCounts, type Point, type Series } from './history';
import type { Clock } from '../base';

export const HISTORY_FILE = 'vpp-desk-history.json';

interface HistoryShape {
  version: 1;
  apps: Series;
}

export class HistoryFile {
  private series: Series = {};
  private mtimeMs = -1;
  private readonly file: string;
  private readonly data: DataFile<HistoryShape>;

  constructor(
    dir: string,
    private readonly clock: Clock,
  ) {
    this.file = path.join(dir, HISTORY_FILE);
    this.data = new DataFile<HistoryShape>(this.file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) });
  }

  /** The current series, re-read when another process wrote the file. */
  async read(): Promise<Readonly<Series>> {
    let mtime: number;
    try {
      mtime = (await fs.stat(this.file)).mtimeMs;
    } catch {
      this.series = {};
      return this.series;
    }
    if (mtime === this.mtimeMs) return this.series;
    let raw: unknown;
    try {
      raw = await this.data.read();
    } catch {
      raw = undefined;
    }
    const parsed = parseHistory(raw);
    if (!parsed) {
      const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
      await fs.rename(this.file, `${this.file}.corrupt-${stamp}`).catch(() => undefined);
      this.series = {};
      this.mtimeMs = -1;
      return this.series;
    }
    this.series = parsed;
    this.mtimeMs = mtime;
    return this.series;
  }

  /** Records the apps whose counts changed and trims to two years; writes only when something changed. */
  async record(assets: readonly AssetCounts[]): Promise<number> {
    await this.read();
    const now = this.clock.now();
    // In turns: this runs in the process that answers the window, at the end of a sync.
    const added = await inTurns(recordCounts(this.series, assets, now));
    const dropped = await inTurns(trimHistory(this.series, now));
    if (added + dropped === 0) return 0;
    await this.data.write({ version: 1, apps: this.series });
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
    return added;
  }
}

const isPoint = (p: unknown): p is Point =>
  Array.isArray(p) && p.length === 4 && p.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The file's series, or null when it is not a history file we can read. */
export function parseHistory(raw: unknown): Series | null {
  if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.apps)) return null;
  const out: Series = {};
  for (const [key, points] of Object.entries(raw.apps)) {
    if (!Array.isArray(points)) return null;
    out[key] = points.filter(isPoint);
  }
  return out;
}
