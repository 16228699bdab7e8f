/**
 * A search over a row's text without making that text per row. The text is
 * parts joined by single spaces, each part a few fields joined by spaces
 * (null as empty) and lower-cased; a search picks exactly the rows whose
 * `partsText(parts)(row)` includes the needle. Each row has a slot per part,
 * rows in one slot having that part's same text (a deployment's app, its user
 * and email, its reason). A search finds the slots holding the needle in each
 * part's haystack (haystack.ts), then reads a byte per row and part: at a
 * million deployment rows, joining and lower-casing five fields per row was
 * most of a first search, and even a Map lookup per row and part (~40 ns) was
 * too slow.
 *
 * Lower-casing part by part gives the text lower-casing it whole: the only
 * context-dependent mapping (Greek final sigma) looks past case-ignorable
 * characters only, and the space between parts is not one.
 */
import { eachSlotWith, hayOf, lengthOf, type Hay } from './haystack';
import type { Slots } from './sort-order';

/** Fields joined in order, as one part of the text. */
export interface SearchPart<T> {
  fields: ReadonlyArray<keyof T & string>;
}

/** Per part: each row's slot (by row index) and how many slots there are. */
export type PartSlots = ReadonlyArray<Slots>;

/**
 * What a View calls once per search: the indices, in order, of the rows among `among` (index order; null: all
 * rows) whose text includes the needle (lower-cased, not empty).
 */
export interface Matching<T> {
  pick(needle: string, rows: readonly T[], among: Int32Array | null): Int32Array;
  /** Each row's slot (by row index) for `column`, where rows in one slot share its value: a sort reads these. */
  slotsOf?(column: string, rows: readonly T[]): Slots | undefined;
}

const fieldText = (value: unknown): string => String(value ?? '');

/** A part's text as the row has it (not lower-cased). */
function rawText<T>(part: SearchPart<T>, row: T): string {
  const fields = part.fields;
  let text = fieldText(row[fields[0] as keyof T]);
  for (let f = 1; f < fields.length; f++) text += ' ' + fieldText(row[fields[f] as keyof T]);
  return text;
}

/** The whole text, as a View's search text would be: the reference a search is held to. */
export function partsText<T>(parts: ReadonlyArray<SearchPart<T>>): (row: T) => string {
  return (row) =>
    parts
      .map((p) => rawText(p, row))
      .join(' ')
      .toLowerCase();
}

/** Slots found from the rows themselves, by each part's text (a Map lookup per row and part). */
export function slotsByText<T>(rows: readonly T[], parts: ReadonlyArray<SearchPart<T>>): PartSlots {
  return parts.map((part) => {
    const ids = new Map<string, number>();
    const of = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      const text = rawText(part, row).toLowerCase();
      let id = ids.get(text);
      if (id === undefined) ids.set(text, (id = ids.size));
      of[i] = id;
    });
    return { of, count: ids.size };
  });
}

/** Spaces beyond this many in a needle: each row's whole text is made and searched (the masks are 31 bits). */
const MAX_SPACES = 31;

/** Where a needle is in one part: per slot, a byte (in it) and, for a needle with spaces, masks (bit s: space s). */
interface Found {
  hay: Hay;
  contains: Uint8Array;
  any: boolean;
  /** The needle's text before space s ends the slot's text. */
  tails: Int32Array;
  /** The needle's text after space s starts the slot's text. */
  heads: Int32Array;
  /** The slot's whole text comes after space s, then another space. */
  spans: Int32Array;
}

/** Searches by parts; slots come from the rows' builder (keep) or, failing that, from the rows' text. */
export class PartsSearch<T> implements Matching<T> {
  private kept: { rows: readonly T[]; slots: PartSlots; hays: Array<Hay | null> | null; built: boolean } | null = null;

  constructor(readonly parts: ReadonlyArray<SearchPart<T>>) {}

  /**
   * The builder's slots for the rows it just made: rows in one slot must have the same values in its fields. With
   * each slot's text as the row has it (by part, then slot), made while the builder had the fields at hand, the
   * haystacks are made now, with the rows (~20 ms at a million bench rows), not at the first search.
   */
  keep(rows: readonly T[], slots: PartSlots, texts?: ReadonlyArray<readonly string[]>): void {
    this.kept = { rows, slots, hays: texts ? texts.map((t) => hayOf(t)) : null, built: true };
  }

  /**
   * The builder's slots of the part holding `column`, while these are its rows: they promise one value of each
   * field per slot. Slots found from the rows' text promise no such thing (fields joined, case ignored).
   */
  slotsOf(column: string, rows: readonly T[]): Slots | undefined {
    if (!this.kept?.built || this.kept.rows !== rows) return undefined;
    const p = this.parts.findIndex((part) => (part.fields as readonly string[]).includes(column));
    return p === -1 ? undefined : this.kept.slots[p];
  }

  pick(needle: string, rows: readonly T[], among: Int32Array | null): Int32Array {
    if (this.kept?.rows !== rows) this.kept = { rows, slots: slotsByText(rows, this.parts), hays: null, built: false };
    const { slots } = this.kept;
    // Made at the first search of these rows, kept while they are the view's.
    const hays = (this.kept.hays ??= slots.map(({ of, count }, p) => hayOf(slotTexts(this.parts[p], of, count, rows))));
    const spaces: number[] = [];
    for (let at = needle.indexOf(' '); at !== -1; at = needle.indexOf(' ', at + 1)) spaces.push(at);
    if (spaces.length > MAX_SPACES || hays.some((h) => !h || needle.includes(h.sep))) {
      const text = partsText(this.parts);
      return pickWhere(rows, among, (row) => text(row).includes(needle));
    }
    const found = hays.map((hay, p) => find(hay as Hay, (slots[p] as PartSlots[number]).count, needle, spaces));
    const of = slots.map((s) => s.of);
    const n = among ? among.length : rows.length;
    const hit = new Uint8Array(n);
    // A tight loop per part over the rows not found yet: a call per row cost more than the check.
    found.forEach(({ contains, any }, p) => {
      if (!any) return;
      const slotOf = of[p] as Int32Array;
      for (let k = 0; k < n; k++) {
        if (hit[k] === 0 && contains[slotOf[among ? (among[k] as number) : k] as number] === 1) hit[k] = 1;
      }
    });
    if (spaces.length > 0 && found.some((f) => f.tails.some((t) => t !== 0))) {
      const across = spanning(found, of, needle, spaces);
      for (let k = 0; k < n; k++) if (hit[k] === 0 && across(among ? (among[k] as number) : k)) hit[k] = 1;
    }
    const picked = new Int32Array(n);
    let count = 0;
    for (let k = 0; k < n; k++) if (hit[k] === 1) picked[count++] = among ? (among[k] as number) : k;
    return picked.slice(0, count);
  }
}

/** Each slot's text, from the first row in it. */
function slotTexts<T>(part: SearchPart<T> | undefined, of: Int32Array, count: number, rows: readonly T[]): string[] {
  const first = new Int32Array(count).fill(-1);
  for (let i = 0; i < of.length; i++) if (first[of[i] as number] === -1) first[of[i] as number] = i;
  return Array.from(first, (i) => (part && i !== -1 ? rawText(part, rows[i] as T) : ''));
}

function pickWhere<T>(rows: readonly T[], among: Int32Array | null, test: (row: T) => boolean): Int32Array {
  const n = among ? among.length : rows.length;
  const picked = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const i = among ? (among[k] as number) : k;
    if (test(rows[i] as T)) picked[count++] = i;
  }
  return picked.slice(0, count);
}

/** Where the needle, and its pieces around each space, are in one part's slots. */
function find(hay: Hay, count: number, needle: string, spaces: readonly number[]): Found {
  const found: Found = {
    hay,
    contains: new Uint8Array(count),
    any: false,
    tails: new Int32Array(spaces.length > 0 ? count : 0),
    heads: new Int32Array(spaces.length > 0 ? count : 0),
    spans: new Int32Array(spaces.length > 0 ? count : 0),
  };
  eachSlotWith(hay, needle, 0, (slot) => {
    found.contains[slot] = 1;
    found.any = true;
  });
  const { sep } = hay;
  const mark = (masks: Int32Array, bit: number) => (slot: number) => {
    masks[slot] = (masks[slot] as number) | (1 << bit);
  };
  spaces.forEach((at, s) => {
    eachSlotWith(hay, needle.slice(0, at) + sep, 0, mark(found.tails, s));
    eachSlotWith(hay, sep + needle.slice(at + 1), 1, mark(found.heads, s));
    // The whole slot between this space and a later one.
    for (const next of spaces)
      if (next > at) eachSlotWith(hay, sep + needle.slice(at + 1, next) + sep, 1, mark(found.spans, s));
  });
  return found;
}

/**
 * Row i holds the needle across parts: it starts in part p, runs to the end of p's text at one of its own spaces,
 * on through whole parts, and into the start of another.
 */
function spanning(found: readonly Found[], of: readonly Int32Array[], needle: string, spaces: readonly number[]) {
  // The space (by number) at each position of the needle, -1 elsewhere.
  const spaceAt = new Int8Array(needle.length + 1).fill(-1);
  spaces.forEach((at, s) => (spaceAt[at] = s));
  return (i: number): boolean => {
    for (let p = 0; p < found.length - 1; p++) {
      let tails = (found[p] as Found).tails[(of[p] as Int32Array)[i] as number] as number;
      while (tails !== 0) {
        let space = 31 - Math.clz32(tails & -tails);
        tails &= tails - 1;
        for (let q = p + 1; q < found.length && space !== -1; q++) {
          const f = found[q] as Found;
          const slot = (of[q] as Int32Array)[i] as number;
          if (((f.heads[slot] as number) >> space) & 1) return true;
          if (!(((f.spans[slot] as number) >> space) & 1)) break;
          space = spaceAt[(spaces[space] as number) + 1 + lengthOf(f.hay, slot)] as number;
        }
      }
    }
    return false;
  };
}
