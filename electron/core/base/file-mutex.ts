/**
 * A cross-process mutex on a lock file, for short critical sections that
 * every VPP Desk process on a data folder must take in turn (the cache's
 * read-modify-write). Unlike ProcessLock, which refuses at once because a
 * second sync should not queue behind the first, this one waits: a cache
 * write lasts milliseconds to a few seconds.
 *
 * The file is created with O_EXCL, so one process wins. A holder whose
 * process is gone (a crash, a kill) or that has held it far longer than any
 * write takes is taken over. Each acquisition writes a random token so a
 * process never releases a lock it no longer owns.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive } from './pid';

interface Holder {
  pid: number;
  token: string;
  /** Epoch ms; wall time on purpose, since staleness is about real time, not an injected clock. */
  at: number;
}

export interface FileMutexOptions {
  /** A holder older than this is taken over even if its process seems alive (a reused pid, a hung process). */
  staleMs?: number;
  /** How long to wait for the lock before giving up with `busy`. */
  waitMs?: number;
  /** The error thrown when the lock could not be had within waitMs. */
  busy?: (holderPid: number | null) => Error;
}

function parseHolder(text: string): Holder | null {
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return null;
    const { pid, token, at } = raw as Record<string, unknown>;
    return typeof pid === 'number' && typeof token === 'string' && typeof at === 'number' ? { pid, token, at } : null;
  } catch {
    return null;
  }
}

export class FileMutex {
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly busy: (holderPid: number | null) => Error;

  constructor(
    private readonly file: string,
    options: FileMutexOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 2 * 60_000;
    this.waitMs = options.waitMs ?? 60_000;
    this.busy =
      options.busy ??
      ((pid) => new Error(`The lock ${file} is held by ${pid === null ? 'another process' : `process ${pid}`}.`));
  }

  /** Runs work while holding the lock; waits (polling with a deadline) for other holders. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    const token = await this.acquire();
    try {
      return await work();
    } finally {
      await this.release(token);
    }
  }

  private async acquire(): Promise<string> {
    const token = randomBytes(8).toString('hex');
    const deadline = Date.now() + this.waitMs;
    let pause = 2;
    let lastPid: number | null = null;
    for (;;) {
      try {
        const holder: Holder = { pid: process.pid, token, at: Date.now() };
        await fs.writeFile(this.file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
        return token;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const text = await fs.readFile(this.file, 'utf8').catch(() => null);
      if (text !== null) {
        const holder = parseHolder(text);
        lastPid = holder?.pid ?? null;
        // A file we cannot parse is one being written this instant (or a
        // torn write by a crash): give it the stale limit by its mtime.
        const since = holder?.at ?? (await this.mtime());
        const stale = (holder !== null && !isAlive(holder.pid)) || Date.now() - since > this.staleMs;
        if (stale) await this.takeOver(text);
      }
      if (Date.now() > deadline) throw this.busy(lastPid);
      await delay(pause);
      pause = Math.min(pause * 2, 50);
    }
  }

  /**
   * Removes a stale lock only if it is still the one judged stale: it is
   * renamed away first (atomic), then checked. If a live holder replaced it
   * in between, it is linked back (link fails rather than overwrite).
   */
  private async takeOver(staleText: string): Promise<void> {
    const moved = `${this.file}.stale-${randomBytes(4).toString('hex')}`;
    try {
      await fs.rename(this.file, moved);
    } catch {
      return;
    }
    const text = await fs.readFile(moved, 'utf8').catch(() => staleText);
    if (text !== staleText) await fs.link(moved, this.file).catch(() => undefined);
    await fs.rm(moved, { force: true });
  }

  private async mtime(): Promise<number> {
    try {
      return (await fs.stat(this.file)).mtimeMs;
    } catch {
      return Date.now();
    }
  }

  private async release(token: string): Promise<void> {
    const text = await fs.readFile(this.file, 'utf8').catch(() => null);
    if (text !== null && parseHolder(text)?.token === token) await fs.rm(this.file, { force: true });
  }
}
