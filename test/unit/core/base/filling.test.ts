import { describe, expect, it } from 'vitest';
import { Filling } from '../../../../electron/core/base';

describe('Filling', () => {
  it('holds what was added, in order, trimmed to it when the estimate was long', () => {
    const f = new Filling<number>(100);
    for (let i = 0; i < 7; i++) f.add(i * 3);
    expect(f.length).toBe(7);
    const out = f.done();
    expect(out).toEqual([0, 3, 6, 9, 12, 15, 18]);
    // No holes left behind: a list like any other.
    expect(Object.keys(out)).toHaveLength(7);
  });

  it('grows past a short estimate (or none) as push does', () => {
    for (const estimate of [0, 3, -5, 2.5]) {
      const f = new Filling<string>(estimate);
      for (let i = 0; i < 10; i++) f.add(`row ${i}`);
      expect(f.done()).toEqual(Array.from({ length: 10 }, (_, i) => `row ${i}`));
    }
  });
});
