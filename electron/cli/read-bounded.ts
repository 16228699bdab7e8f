/**
 * Reads a file the admin named, never more than a limit: the size is checked
 * before reading, and devices or pipes that report no size (/dev/zero) are
 * read only up to the limit, so a wrong path cannot exhaust memory.
 */
import fs from 'node:fs/promises';

export type BoundedRead = { ok: true; text: string } | { ok: false; why: 'unreadable' | 'too-large' };

export async function readBounded(file: string, maxBytes: number): Promise<BoundedRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return { ok: false, why: 'unreadable' };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { ok: false, why: 'unreadable' };
    if (stat.isFile() && stat.size > maxBytes) return { ok: false, why: 'too-large' };
    // One byte over the limit tells "too large" from "exactly the limit".
    const buf = Buffer.alloc(stat.isFile() ? stat.size + 1 : maxBytes + 1);
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) return { ok: false, why: 'too-large' };
    return { ok: true, text: buf.subarray(0, filled).toString('utf8') };
  } catch {
    return { ok: false, why: 'unreadable' };
  } finally {
    await handle.close();
  }
}
