/**
 * A lock file shared by every VPP Desk process on this data folder (the
 * window, the tray, a CLI run), so two syncs or two deployments never write
 * at once. A lock whose owner process is gone, or that is older than the
 * stale limit, is taken over.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from './pid';

export interface LockInfo {
  pid: number;
  purpose: string;
  since: string;
}

const STALE_MS = 60 * 60 * 1000;

export class ProcessLock {
  private readonly file: string;

  constructor(dataDir: string, name: string) {
    this.file = path.join(dataDir, `${name}.lock`);
  }

  /** Returns a release function, or the current holder when someone else has it. */
  async acquire(purpose: string, now: Date): Promise<{ release: () => Promise<void> } | { heldBy: LockInfo }> {
    const info: LockInfo = { pid: process.pid, purpose, since: now.toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fs.writeFile(this.file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
        return { release: () => fs.rm(this.file, { force: true }) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await this.read();
      if (
        holder &&
        holder.pid !== process.pid &&
        isAlive(holder.pid) &&
        now.getTime() - Date.parse(holder.since) < STALE_MS
      ) {
        return { heldBy: holder };
      }
      // Left behind by a crash (or our own earlier run): clear and retry once.
      await fs.rm(this.file, { force: true });
    }
    const holder = await this.read();
    return { heldBy: holder ?? info };
  }

  async read(): Promise<LockInfo | null> {
    try {
      return JSON.parse(await fs.readFile(this.file, 'utf8')) as LockInfo;
    } catch {
      return null;
    }
  }
}
