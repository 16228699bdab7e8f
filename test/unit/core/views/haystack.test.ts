// A part's distinct texts in one lower-cased string, between separators no text holds.
import { describe, expect, it } from 'vitest';
import { eachSlotWith, hayOf, lengthOf, slotAt } from '../../../../electron/core/views/haystack';

describe('hayOf', () => {
  it('joins the texts lower-cased between separators, and knows where each starts', () => {
    const hay = hayOf(['Ann', '', 'İX']);
    expect(hay?.sep).toBe('\u0000');
    // İ lower-cases to two characters: starts come from the joined text, not the texts' own lengths.
    expect(hay?.text).toBe('\u0000ann\u0000\u0000i\u0307x\u0000');
    expect(Array.from(hay?.starts ?? [])).toEqual([1, 5, 6, 10]);
    expect([0, 1, 2].map((slot) => (hay ? lengthOf(hay, slot) : -1))).toEqual([3, 0, 3]);
    expect([1, 3, 4, 5, 6, 9].map((at) => (hay ? slotAt(hay, at) : -1))).toEqual([0, 0, 0, 1, 2, 2]);
  });

  it('takes the next control character when a text holds one, and gives up when all 32 are taken', () => {
    expect(hayOf(['a\u0000b', 'c\u0001'])?.sep).toBe('\u0002');
    const all = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
    expect(hayOf(['x', all])).toBeNull();
    expect(hayOf([])).toEqual({ text: '\u0000', sep: '\u0000', starts: Int32Array.from([1]) });
  });

  it('visits each slot holding a pattern once, in slot order', () => {
    const hay = hayOf(['abab', 'b', 'ab', 'ba']);
    const seen: number[] = [];
    if (hay) eachSlotWith(hay, 'ab', 0, (slot) => seen.push(slot));
    expect(seen).toEqual([0, 2]);
    const starting: number[] = [];
    if (hay) eachSlotWith(hay, `${hay.sep}b`, 1, (slot) => starting.push(slot));
    expect(starting).toEqual([1, 3]);
  });
});
