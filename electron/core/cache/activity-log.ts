/**
 * The activity log's own file (vpp-desk-activity.jsonl): one entry per line,
 * appended. It used to live in the main cache file, which every command reads
 * and every change rewrites: at its cap (20,000 lines, one per license change
 * per user, so eight deployments of 2,500 users) that file was ~5.6 MB and
 * `vpp-desk token status` took twice as long. Now a command that does not
 * show the log never reads it, and a change appends its lines.
 *
 * Appends and compactions run under the data folder's lock (the store's
 * update), so two processes never write it at once. A line cut short by a
 * crash, or mangled, is skipped when read and never glued to the next one;
 * a deleted file is an empty log. The file keeps more than the cap between
 * compactions; reads give the newest ACTIVITY_CAP.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isRecord } from '../../../shared/guards';
import { withAuditFields } from './migrate';
import type { ActivityEntry } from '../../../shared/domain';

export const ACTIVITY_FILE = 'vpp-desk-activity.jsonl';

/** How many activity entries the log keeps (one per license change per user makes this larger than a summary log). */
export const ACTIVITY_CAP = 20_000;

/**
 * Rewritten down to the newest ACTIVITY_CAP once the file is this large (a line is ~250 bytes, so well over
 * the cap): known from the size alone, so an append never has to read the file to know.
 */
const COMPACT_AT_BYTES = 8 * 1024 * 1024;

export class ActivityLog {
  private entries: ActivityEntry[] = [];
  /** Size and time of the file `entries` were read from ('' before any read, 'none' when there is no file). */
  private readFrom = '';
  private gen = 0;
  readonly file: string;

  constructor(
    dir: string,
    private readonly cap = ACTIVITY_CAP,
    private readonly compactAtBytes = COMPACT_AT_BYTES,
  ) {
    this.file = path.join(dir, ACTIVITY_FILE);
  }

  /** Moves on whenever what read() returns may have changed. */
  get generation(): number {
    return this.gen;
  }

  /** The newest entries (at most the cap), oldest first; re-read only when the file changed. */
  async read(): Promise<readonly ActivityEntry[]> {
    let stamp: string;
    try {
      stamp = stampOf(await fs.stat(this.file));
    } catch {
      stamp = 'none';
    }
    if (stamp === this.readFrom) return this.entries;
    const all = stamp === 'none' ? [] : parseLines(await readOrEmpty(this.file));
    this.entries = all.length > this.cap ? all.slice(all.length - this.cap) : all;
    this.readFrom = stamp;
    this.gen++;
    return this.entries;
  }

  /** Appends entries; the caller holds the data folder's lock. */
  async append(entries: readonly ActivityEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const text = `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`;
    const handle = await fs.open(this.file, 'a+', 0o600);
    let size: number;
    let wasRead: boolean;
    try {
      const before = await handle.stat();
      size = before.size;
      wasRead = this.readFrom === stampOf(before) || (this.readFrom === 'none' && size === 0);
      // A line a crash cut short stays a line of its own (skipped when read), not the start of this one.
      let lead = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) lead = '\n';
      }
      await handle.appendFile(lead + text);
    } finally {
      await handle.close();
    }
    this.gen++;
    // What was read is still what the file held before these lines: extend it rather than read it all again
    // (the window's Activity page re-reads after every change, ~50 ms for a full log).
    if (wasRead) {
      const all = [...this.entries, ...entries];
      this.entries = all.length > this.cap ? all.slice(all.length - this.cap) : all;
      this.readFrom = stampOf(await fs.stat(this.file));
    }
    if (size + text.length > this.compactAtBytes) await this.compact();
  }

  /** Rewrites the file with its newest entries only: written beside it, then renamed over it. */
  private async compact(): Promise<void> {
    const all = parseLines(await readOrEmpty(this.file));
    const kept = all.slice(Math.max(0, all.length - this.cap));
    const tmp = path.join(path.dirname(this.file), `.${ACTIVITY_FILE}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fs.writeFile(tmp, kept.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
      await fs.rename(tmp, this.file);
      this.entries = kept;
      this.readFrom = stampOf(await fs.stat(this.file));
    } finally {
      await fs.rm(tmp, { force: true });
    }
    this.gen++;
  }
}

const stampOf = (st: { size: number; mtimeMs: number }): string => `${st.size}:${st.mtimeMs}`;

async function readOrEmpty(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/** The entries of the file's text, oldest first; a line that is not an entry (cut short, mangled) is skipped. */
export function parseLines(text: string): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (isEntry(value)) out.push(withAuditFields(value));
  }
  return out;
}

/** The fields every entry has had since the first version (the audit fields are filled in when absent). */
function isEntry(value: unknown): value is ActivityEntry {
  return (
    isRecord(value) &&
    typeof value.at === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.message === 'string'
  );
}
