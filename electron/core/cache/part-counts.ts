/**
 * The assignments part's rows per app (PartRef.perAsset, atSync) in a file
 * of their own beside the part, named after it. Only an incremental sync
 * reads them; in the manifest (2 x 10,000 keys at a million assignments,
 * 440 KB of its 448) every command and every window start read and parsed
 * them: ~20 ms of `vpp-desk apps --json` in a fresh process.
 *
 * Crash-safe as the parts are: written (temp file, then rename) before a
 * manifest names them, and never rewritten under a name, since a part is
 * not. A counts file lost or spoilt only makes the counts unknown, as for a
 * part from before them: the next sync then reads every assignment.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { DataFile } from 'lowdb/node';
import { countsOf, perAssetOf, type PartRef, type PerAsset } from './snapshot-parts';

const PART_FILE = /^(vpp-desk-snapshot-\d+-[0-9a-f]+\.assignments)\.json$/;

/** What the file holds: the part it counts (a file put there by hand for another part is not taken) and the counts. */
interface CountsFile {
  part: string;
  perAsset: Record<string, number>;
  atSync: Record<string, number>;
}

/** The counts file of an assignments part; null for any other name. */
export function countsNameOf(partFile: string): string | null {
  const stem = PART_FILE.exec(partFile)?.[1];
  return stem ? `${stem}.counts.json` : null;
}

/**
 * The reference with its counts written to their file (once: a reference naming its file already is returned as
 * is). A part without both counts has no file; neither has one whose name is not an assignments part's.
 */
export async function writeCounts(dir: string, ref: PartRef): Promise<PartRef> {
  const name = countsNameOf(ref.file);
  if (!name || ref.counts === name || !ref.perAsset || !ref.atSync) return ref;
  const content: CountsFile = { part: ref.file, perAsset: ref.perAsset, atSync: ref.atSync };
  await new DataFile<CountsFile>(path.join(dir, name), {
    parse: JSON.parse,
    stringify: (d) => JSON.stringify(d),
  }).write(content);
  return { ...ref, counts: name };
}

/** The counts a reference names, read from their file; null when it names none or the file is gone or spoilt. */
export async function readCounts(dir: string, ref: PartRef): Promise<PerAsset | null> {
  // Held in the reference: this process counted them, or a manifest from before the counts file (checked: a
  // hand-edited file may hold anything).
  if (ref.perAsset !== undefined || ref.atSync !== undefined) return perAssetOf(ref);
  if (!ref.counts || ref.counts !== countsNameOf(ref.file)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(dir, ref.counts), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || (raw as Partial<CountsFile>).part !== ref.file) return null;
  const current = countsOf((raw as Partial<CountsFile>).perAsset);
  const atSync = countsOf((raw as Partial<CountsFile>).atSync);
  return current && atSync ? { current, atSync } : null;
}

/** The reference as a manifest holds it: the counts stay in their file. */
export function leanRef(ref: PartRef): PartRef {
  const { perAsset: _perAsset, atSync: _atSync, ...lean } = ref;
  return lean;
}
