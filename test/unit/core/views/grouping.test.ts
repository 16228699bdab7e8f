// Rows grouped by key in typed arrays (views/grouping.ts) give what a Map of arrays gives: each key's rows in
// row order, each key's count, keys in the order first seen.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Grouping } from '../../../../electron/core/views/grouping';
import { now } from '../../../../electron/core/views/steps';

it('gives each key its rows in row order, and the keys with their counts in the order first seen', () => {
  fc.assert(
    fc.property(
      fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: null }), { maxLength: 300 }),
      (keys) => {
        const grouping = new Grouping(keys.length);
        const reference = new Map<string, number[]>();
        keys.forEach((key, i) => {
          if (key === null) return;
          grouping.add(i, key);
          reference.set(key, [...(reference.get(key) ?? []), i]);
        });
        now(grouping.finish());
        for (const key of ['a', 'b', 'c', 'd', 'e', 'none'])
          expect(Array.from(grouping.rowsOf(key))).toEqual(reference.get(key) ?? []);
        expect([...grouping.sizes()]).toEqual([...reference].map(([key, rows]) => [key, rows.length]));
      },
    ),
    { numRuns: 200 },
  );
});
