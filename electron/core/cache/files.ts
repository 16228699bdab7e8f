/** Small file moves the store's recovery needs, each safe to repeat and to race with other processes. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Moves an unreadable file aside with the time in its name and returns the
 * new path; null when there was nothing to move (already gone: deleted,
 * quarantined, or moved by another process), which is not an error.
 */
export async function setAside(file: string, now: Date): Promise<string | null> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const movedTo = `${file}.corrupt-${stamp}`;
  try {
    await fs.rename(file, movedTo);
    return movedTo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** A separate copy (not a hard link, so damage to one is not damage to both), swapped in atomically. */
export async function copyAtomic(from: string, to: string): Promise<void> {
  const tmp = path.join(path.dirname(to), `.${path.basename(to)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.copyFile(from, tmp);
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, to);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Files of a data folder older than a grace period (by modification time), given a name filter. */
export async function olderThan(dir: string, graceMs: number, keep: (name: string) => boolean): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter(keep);
  const old: string[] = [];
  for (const name of names) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > graceMs) old.push(name);
  }
  return old;
}
