// Ranking a text column gives the collator's order, whichever way the values are compared: times in
// toISOString's form by their code units, everything else by the collator.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { textRanks } from '../../../../electron/core/views/sort-order';
import { now } from '../../../../electron/core/views/steps';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Ranks by the collator itself: equal values share one, in the collator's order. */
function reference(values: readonly string[]): number[] {
  const sorted = [...new Set(values)].sort(collator.compare);
  const rankOf = new Map<string, number>();
  let rank = -1;
  sorted.forEach((v, k) => {
    if (k === 0 || collator.compare(sorted[k - 1] as string, v) !== 0) rank++;
    rankOf.set(v, rank);
  });
  return values.map((v) => rankOf.get(v) as number);
}

function ranks(values: readonly string[]): number[] {
  const rows = values.map((at) => ({ at }));
  const got = now(
    textRanks(
      rows,
      'at',
      Int32Array.from(rows, (_, i) => i),
    ),
  );
  return got ? Array.from(got.of) : [];
}

const time = fc
  .integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) })
  .map((ms) => new Date(ms).toISOString());

describe('textRanks', () => {
  it('ranks times in toISOString form as the collator does (repeats and all)', () => {
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(59)), (times, repeats) => {
        const values = [...times, ...repeats.map((i) => times[i % times.length] as string)];
        expect(ranks(values)).toEqual(reference(values));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the collator for times in another form and for any other text among them', () => {
    // ".5Z" and ".500Z": by code units ".500Z" comes first, by the collator (numbers) ".5Z" does.
    const forms = ['2026-12-02T01:00:00.5Z', '2026-12-02T01:00:00.500Z', '2026-12-02T01:00:00.050Z'];
    expect(ranks(forms)).toEqual(reference(forms));
    expect(ranks(forms)).not.toEqual([2, 1, 0]);
    const mixed = ['2026-12-02T01:00:00.000Z', 'never', 'Item 10', 'item 9', '2026-01-02T01:00:00.000Z'];
    expect(ranks(mixed)).toEqual(reference(mixed));
  });

  describe('values already in order (the apps, kept in name order)', () => {
    afterEach(() => vi.restoreAllMocks());

    /** Counts the collator's comparisons (its compare is a getter giving a bound function). */
    function countComparisons(): { calls: number } {
      const counter = { calls: 0 };
      const get = Object.getOwnPropertyDescriptor(Intl.Collator.prototype, 'compare')?.get as (
        this: Intl.Collator,
      ) => (a: string, b: string) => number;
      vi.spyOn(Intl.Collator.prototype, 'compare', 'get').mockImplementation(function (this: Intl.Collator) {
        const compare = get.call(this);
        return (a: string, b: string) => {
          counter.calls++;
          return compare(a, b);
        };
      });
      return counter;
    }

    const word = fc.stringMatching(/^[A-Za-z\u00e0-\u00e9 0-9]{0,8}$/);

    it('rank as the collator does, ties (case, accents) and repeats included', () => {
      fc.assert(
        fc.property(fc.array(word, { minLength: 1, maxLength: 60 }), fc.array(fc.nat(59)), (words, repeats) => {
          const inOrder = [...words].sort(collator.compare);
          const values = [...inOrder];
          for (const i of repeats) values.splice(i % values.length, 0, values[i % values.length] as string);
          expect(ranks(values)).toEqual(reference(values));
        }),
        { numRuns: 300 },
      );
      // A pair out of order anywhere, the last one too, still ranks as the collator does.
      const late = ['Apple', 'apple', 'Banana', 'Cherry', 'Date', 'Apricot'];
      expect(ranks(late)).toEqual(reference(late));
      expect(ranks(late)).toEqual([0, 0, 2, 3, 4, 1]);
    });

    it('are ranked with one comparison each', () => {
      const names = Array.from({ length: 1000 }, (_, i) => `App ${i}`);
      const counter = countComparisons();
      expect(ranks(names)).toEqual(names.map((_, i) => i));
      expect(counter.calls).toBe(names.length - 1);
    });
  });
});
