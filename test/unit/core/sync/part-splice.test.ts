// An incremental sync's change spliced into the assignments part by lines
// must give exactly what the parsed merge gives, and must not be used on a
// part that is not byte for byte what VPP Desk wrote.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeRow, readAssignmentRowsSync, readPartSync, writeEncodedPart } from '../../../../electron/core/cache';
import { holdersIn, mergeEncodedAssignments, writeParts } from '../../../../electron/core/sync/part-job';
import { holdersByLines, spliceAssignments } from '../../../../electron/core/sync/part-splice';
import { rowKey } from '../../../../shared/keys';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

const row = (adamId: string, clientUserId: string | null, serialNumber: string | null = null, pricingParam = 'STDQ') =>
  encodeRow('assignments', { adamId, pricingParam: pricingParam as 'STDQ' | 'PLUS', clientUserId, serialNumber });

/** A small seeded generator (mulberry32): the same cases every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Ids an admin's directory can hold: separators, quotes, a newline, brackets that look like a row's end.
const ODD_USERS = ['a],["b', 'quote"d', 'back\\slash', 'new\nline', 'ünï', 'x,\n["y"', ''];

function caseOf(seed: number, apps: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const appIds = Array.from({ length: apps }, (_, i) => String(100 + i));
  const userOf = () => (next() < 0.1 ? pick(ODD_USERS) : `u${Math.floor(next() * 40)}`);
  const rowOf = () =>
    next() < 0.15
      ? row(pick(appIds), null, `S${Math.floor(next() * 30)}`)
      : row(pick(appIds), userOf(), null, next() < 0.2 ? 'PLUS' : 'STDQ');
  const current = [...new Set(Array.from({ length: Math.floor(next() * 60) }, rowOf))];
  const replace = appIds.filter(() => next() < 0.25);
  // Some rows already held (the delta may repeat them), some twice, some new.
  const added = Array.from({ length: Math.floor(next() * 25) }, () =>
    next() < 0.3 && current.length > 0 ? pick(current) : rowOf(),
  );
  return { current, added, replace };
}

async function spliced(home: string, c: ReturnType<typeof caseOf>) {
  const cached = await writeEncodedPart(home, 'assignments', c.current);
  const ref = await spliceAssignments(home, cached, c.added, c.replace);
  if (!ref) throw new Error('not spliced');
  const text = await fs.readFile(path.join(home, ref.file));
  return { cached, ref, text };
}

describe('splicing a change into the assignments part by lines', () => {
  it('gives the parsed merge exactly (rows, order, counts) over 300 seeded cases, few apps and many', async () => {
    const home = await dir();
    for (let seed = 1; seed <= 300; seed++) {
      // ≤ 8 apps touched are found by searching; more by one pass over every line.
      const c = caseOf(seed, seed % 2 === 0 ? 3 : 14);
      const { cached, ref, text } = await spliced(home, c);
      const expected = mergeEncodedAssignments(
        c.current.filter((r) => !c.replace.includes((JSON.parse(r) as [string])[0])),
        c.added,
      );
      const read = readPartSync(path.join(home, ref.file), 'assignments');
      expect(read.kind === 'ok' && read.rows.map((a) => encodeRow('assignments', a)), `seed ${seed}`).toEqual(expected);
      expect(ref.rows, `seed ${seed}`).toBe(expected.length);
      const counts: Record<string, number> = {};
      for (const r of expected) {
        const [adamId, pricing] = JSON.parse(r) as [string, string];
        counts[`${adamId}|${pricing}`] = (counts[`${adamId}|${pricing}`] ?? 0) + 1;
      }
      expect(ref.perAsset, `seed ${seed}`).toEqual(counts);
      expect(ref.atSync).toEqual(ref.perAsset);
      // What the manifest says of the new part is true of its bytes: the next sync can splice it again.
      expect(ref.sha256).toBe(createHash('sha256').update(text).digest('hex'));
      for (const f of [cached.file, ref.file]) await fs.rm(path.join(home, f));
    }
  });

  it('writes one row per line, so the part stays a JSON document and each line is one row', async () => {
    const home = await dir();
    const rows = [row('1', 'a'), row('2', 'new\nline'), row('3', null, 'S')];
    const ref = await writeEncodedPart(home, 'assignments', rows);
    const text = await fs.readFile(path.join(home, ref.file), 'utf8');
    const lines = text.split('\n');
    expect(lines.slice(1, -1).map((l) => l.replace(/,$/, ''))).toEqual(rows);
    expect((JSON.parse(text) as { rows: unknown[] }).rows).toHaveLength(3);
    const empty = await writeEncodedPart(home, 'assignments', []);
    const spliceOfEmpty = await spliceAssignments(home, empty, [row('1', 'a')], []);
    expect(spliceOfEmpty?.rows).toBe(1);
    const read = readPartSync(path.join(home, spliceOfEmpty?.file ?? ''), 'assignments');
    expect(read.kind === 'ok' && read.rows).toEqual([
      { adamId: '1', pricingParam: 'STDQ', clientUserId: 'a', serialNumber: null },
    ]);
  });

  it('is not used on a part changed since it was written: the parsed merge reads what the file holds', async () => {
    const home = await dir();
    const cached = await writeEncodedPart(home, 'assignments', [row('1', 'a'), row('2', 'b')]);
    // Rewritten as valid JSON in the older layout (one line), its manifest entry unchanged.
    const file = path.join(home, cached.file);
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(
      file,
      JSON.stringify({ ...parsed, rows: [JSON.parse(row('1', 'a')), JSON.parse(row('3', 'c'))] }),
    );
    expect(await spliceAssignments(home, cached, [row('2', 'd')], ['2'])).toBeNull();
    const { assignments } = await writeParts(home, [
      { collection: 'assignments', rows: [row('2', 'd')], mergeInto: cached, replaceAdamIds: ['2'] },
    ]);
    expect(readAssignmentRowsSync(path.join(home, assignments?.file ?? ''), new Set())).toEqual([
      row('1', 'a'),
      row('3', 'c'),
      row('2', 'd'),
    ]);
  });

  it('is not used on a part without a digest (written before it) or whose bytes were flipped', async () => {
    const home = await dir();
    const cached = await writeEncodedPart(home, 'assignments', [row('1', 'a'), row('2', 'b')]);
    expect(await spliceAssignments(home, { ...cached, sha256: undefined }, [], ['2'])).toBeNull();
    const file = path.join(home, cached.file);
    const bytes = await fs.readFile(file);
    bytes[bytes.indexOf('"b"') + 1] = 'c'.charCodeAt(0);
    await fs.writeFile(file, bytes);
    expect(await spliceAssignments(home, cached, [], ['1'])).toBeNull();
    expect(holdersByLines(home, cached, [rowKey('2', 'STDQ', 'b')])).toBeNull();
    // The checked read then answers from what the file now holds.
    expect(holdersIn(home, cached, [rowKey('2', 'STDQ', 'b'), rowKey('2', 'STDQ', 'c')])).toEqual([
      rowKey('2', 'STDQ', 'c'),
    ]);
  });

  it('looks holders up by lines as the parsed read does, over 100 seeded parts', async () => {
    const home = await dir();
    for (let seed = 1; seed <= 100; seed++) {
      const c = caseOf(seed, seed % 2 === 0 ? 3 : 14);
      const part = await writeEncodedPart(home, 'assignments', c.current);
      const keys = [...c.current, ...c.added].map((r) => {
        const [adamId, pricing, user] = JSON.parse(r) as [string, string, string | null];
        return rowKey(adamId, pricing, user ?? 'nobody');
      });
      const byLines = holdersByLines(home, part, keys);
      const parsed = holdersIn(home, { file: part.file }, keys);
      expect(byLines, `seed ${seed}`).toEqual(parsed);
      await fs.rm(path.join(home, part.file));
    }
  });

  it('answers holders of the apps a splice touched from what it wrote, as the parsed read does, without reading it', async () => {
    const home = await dir();
    const appOf = (r: string) => (JSON.parse(r) as [string])[0];
    for (let seed = 1; seed <= 100; seed++) {
      const c = caseOf(seed, seed % 2 === 0 ? 3 : 14);
      const { cached, ref } = await spliced(home, c);
      const touched = new Set([...c.replace, ...c.added.map(appOf)]);
      const keys = [...c.current, ...c.added]
        .filter((r) => touched.has(appOf(r)))
        .map((r) => {
          const [adamId, pricing, user] = JSON.parse(r) as [string, string, string | null];
          return rowKey(adamId, pricing, user ?? 'nobody');
        });
      const read = readPartSync(path.join(home, ref.file), 'assignments');
      if (read.kind !== 'ok') throw new Error('unreadable');
      const held = new Set(read.rows.map((a) => rowKey(a.adamId, a.pricingParam, a.clientUserId ?? 'nobody')));
      const parsed = keys.filter((k) => held.has(k) && !k.endsWith('|nobody'));
      // Gone from disk: only what the splice kept can answer.
      await fs.rm(path.join(home, ref.file));
      expect(holdersByLines(home, ref, keys), `seed ${seed}`).toEqual(parsed);
      // An app the splice did not look at is read from the file: here, gone.
      const other = c.current.find((r) => !touched.has(appOf(r)));
      if (other) expect(holdersByLines(home, ref, [rowKey(appOf(other), 'STDQ', 'u1')])).toBeNull();
      await fs.rm(path.join(home, cached.file));
    }
  });
});
