import { describe, expect, it } from 'vitest';
import { isLowStock } from '../../../shared/low-stock';

/** [totalCount, availableCount, low?] */
const CASES: Array<[number, number, boolean]> = [
  [0, 0, false], // nothing purchased: never "low"
  [0, -1, false],
  [1, 0, true],
  [1, 1, true], // a single license left always triggers
  [5, 1, true],
  [5, 2, false],
  [10, 1, true],
  [10, 2, false],
  [19, 1, true], // floor(1.9) = 1
  [19, 2, false],
  [20, 2, true], // exactly 10%
  [20, 3, false],
  [100, 10, true],
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
});
