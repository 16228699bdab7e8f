import { describe, expect, it } from 'vitest';
import { isLowStock } from '../../../shared/low-stock';

/** [totalCount, availableCount, low?] under the default rule: 10 % or 5 left, whichever is more. */
const CASES: Array<[number, number, boolean]> = [
  [0, 0, false], // nothing purchased: never "low"
  [0, -1, false],
  [1, 0, true],
  [1, 1, true], // a small pool is low as soon as 5 or fewer are left
  [5, 5, true],
  [10, 5, true],
  [10, 6, false],
  [49, 5, true], // floor(4.9) = 4: the 5 wins
  [49, 6, false],
  [100, 10, true], // exactly 10 %
  [100, 11, false],
  [1000, 100, true],
  [1000, 101, false],
  [250, 0, true], // sold out is low too
  [250, -3, true], // over-assigned
];

describe('isLowStock', () => {
  it.each(CASES)('total %i, available %i: low = %s', (totalCount, availableCount, low) => {
    expect(isLowStock({ totalCount, availableCount })).toBe(low);
  });

  it('follows the rule it is given', () => {
    expect(isLowStock({ totalCount: 100, availableCount: 3 }, { percent: 0, minLeft: 2 })).toBe(false);
    expect(isLowStock({ totalCount: 100, availableCount: 2 }, { percent: 0, minLeft: 2 })).toBe(true);
  });
});
