/**
 * An incremental sync's change applied to the assignments part by splicing
 * its lines (cache/part-lines.ts) rather than parsing a million rows and
 * writing them back: only the rows of the apps the change touches are
 * looked at; every other row is copied as bytes. Same result as the parsed
 * merge (part-job.ts), which stays the way for parts this cannot read.
 */
import path from 'node:path';
import { adamIdOfAppKey, rowKey } from '../../../shared/keys';
import {
  assetKeyOfRow,
  keptSpans,
  PartStream,
  readCounts,
  readPartLines,
  rowsStartingWith,
  type PartRef,
} from '../cache';

/** The adamId cell of an encoded assignment row, as JSON (`"123"`): what rowsStartingWith matches. */
function firstCell(row: string): string {
  return JSON.stringify((JSON.parse(row) as [string])[0]);
}

/**
 * `into` with the rows of `replace`'s apps dropped and `added` appended
 * (each once, and not if already held), as a new part; null when `into`
 * cannot be read by lines (the caller merges the parsed way).
 */
export async function spliceAssignments(
  dir: string,
  into: PartRef,
  added: readonly string[],
  replace: readonly string[],
): Promise<PartRef | null> {
  const lines = readPartLines(path.join(dir, into.file), 'assignments', into.sha256);
  const counted = lines ? (await readCounts(dir, into))?.current : null;
  if (!lines || !counted) return null;
  const dropped = new Set(replace.map((id) => JSON.stringify(id)));
  const touched = new Set([...dropped, ...added.map(firstCell)]);
  const rows = rowsStartingWith(lines, touched);
  if (!rows) return null;
  const cut = rows.filter((r) => dropped.has(r.key));
  // Rows already held by the apps that stay: the change may repeat them.
  const held = new Set(rows.filter((r) => !dropped.has(r.key)).map((r) => lines.buf.toString('utf8', r.start, r.end)));
  const fresh: string[] = [];
  for (const row of added) {
    if (held.has(row)) continue;
    held.add(row);
    fresh.push(row);
  }
  const perAsset: Record<string, number> = {};
  for (const [key, n] of Object.entries(counted))
    if (!dropped.has(JSON.stringify(adamIdOfAppKey(key)))) perAsset[key] = n;
  for (const row of fresh) {
    const key = assetKeyOfRow(row);
    perAsset[key] = (perAsset[key] ?? 0) + 1;
  }
  const stream = await PartStream.open(dir, 'assignments');
  try {
    for (const span of keptSpans(lines, cut)) await stream.appendSpan(span);
    await stream.append(fresh);
    const ref = await stream.finish({ rows: into.rows - cut.length + fresh.length, perAsset });
    remember(ref, touched, [
      ...rows
        .filter((r) => !dropped.has(r.key))
        .map((r) => ({ key: r.key, row: lines.buf.toString('utf8', r.start, r.end) })),
      ...fresh.map((row) => ({ key: firstCell(row), row })),
    ]);
    return { ...ref, atSync: perAsset };
  } catch (err) {
    await stream.abort();
    throw err;
  }
}

/**
 * The rows of the apps the last splice looked at, as the part it wrote holds
 * them, by app (first cell as JSON). The deployment rows are checked against
 * the assignments straight after a sync that changed them, mostly for the
 * very apps the change touched: those rows are known here, and reading and
 * hashing a million-row part again cost ~300 ms.
 */
let lastSpliced: { file: string; sha256: string | undefined; byApp: Map<string, string[]> } | null = null;

function remember(ref: PartRef, apps: ReadonlySet<string>, rows: ReadonlyArray<{ key: string; row: string }>): void {
  const byApp = new Map<string, string[]>([...apps].map((app) => [app, []]));
  for (const { key, row } of rows) byApp.get(key)?.push(row);
  lastSpliced = { file: ref.file, sha256: ref.sha256, byApp };
}

/** Which of `keys` (rowKey) the part holds, reading only the rows of their apps; null as above. */
export function holdersByLines(dir: string, part: Pick<PartRef, 'file' | 'sha256'>, keys: readonly string[]) {
  const apps = new Set(keys.map((k) => JSON.stringify(adamIdOfAppKey(k))));
  const known = lastSpliced;
  if (known?.file === part.file && known.sha256 === part.sha256 && [...apps].every((a) => known.byApp.has(a)))
    return holding(
      [...apps].flatMap((a) => known.byApp.get(a) ?? []),
      keys,
    );
  const lines = readPartLines(path.join(dir, part.file), 'assignments', part.sha256);
  if (!lines) return null;
  const rows = rowsStartingWith(lines, apps);
  if (!rows) return null;
  return holding(
    rows.map((r) => lines.buf.toString('utf8', r.start, r.end)),
    keys,
  );
}

/** Which of `keys` (rowKey) these encoded assignment rows hold. */
function holding(rows: readonly string[], keys: readonly string[]): string[] {
  const held = new Set<string>();
  for (const row of rows) {
    const [adamId, pricingParam, clientUserId] = JSON.parse(row) as [string, string, string | null];
    if (clientUserId !== null) held.add(rowKey(adamId, pricingParam, clientUserId));
  }
  return keys.filter((k) => held.has(k));
}
