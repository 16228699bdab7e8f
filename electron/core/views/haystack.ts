/**
 * One search part's distinct texts in one lower-cased string, each between
 * two separators: a needle is found in every slot's text at once by indexOf
 * (native, over a few MB) instead of by a check per slot in JavaScript (~0.7 µs
 * a slot at a first search, and a district can have a user per row).
 *
 * The separator is a control character no text holds. It is not cased nor
 * case-ignorable, so lower-casing the whole string lower-cases each text as
 * it would alone, and no needle without it can run from one text into the next.
 */

export interface Hay {
  text: string;
  sep: string;
  /** Where each slot's text starts; the last entry is the text's length (one past the final separator). */
  starts: Int32Array;
}

/** The texts (by slot) joined, or null when every candidate separator occurs in them. */
export function hayOf(texts: readonly string[]): Hay | null {
  for (let code = 0; code < 32; code++) {
    const sep = String.fromCharCode(code);
    const text = texts.length === 0 ? sep : (sep + texts.join(sep) + sep).toLowerCase();
    const starts = new Int32Array(texts.length + 1);
    let at = 0;
    for (let slot = 0; slot < texts.length && at !== -1; slot++) {
      starts[slot] = at + 1;
      at = text.indexOf(sep, at + 1);
    }
    // Exactly one separator between texts and one at each end: no text held this one.
    if (at === text.length - 1) {
      starts[texts.length] = text.length;
      return { text, sep, starts };
    }
  }
  return null;
}

/** The slot whose text (or leading separator's next character) is at position `at`. */
export function slotAt(hay: Hay, at: number): number {
  const starts = hay.starts;
  let low = 0;
  let high = starts.length - 2;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The length of one slot's text. */
export const lengthOf = (hay: Hay, slot: number): number =>
  (hay.starts[slot + 1] as number) - 1 - (hay.starts[slot] as number);

/**
 * Calls `visit` once for each slot holding the pattern, in slot order. `offset` is where the slot's own text
 * starts in the pattern: 0 for a piece of text, 1 for one that begins with the separator before the slot.
 */
export function eachSlotWith(hay: Hay, pattern: string, offset: number, visit: (slot: number) => void): void {
  const { text, starts } = hay;
  for (let at = text.indexOf(pattern); at !== -1;) {
    const slot = slotAt(hay, at + offset);
    visit(slot);
    // On from the separator before the next slot (a pattern may begin with it), and always on.
    at = text.indexOf(pattern, Math.max(at + 1, (starts[slot + 1] as number) - 1));
  }
}
