import { describe, expect, it } from 'vitest';
import { layoutColumns, visibleColumnIds } from '../../../renderer/lib/column-layout';

describe('layoutColumns', () => {
  it('keeps the minimums when there is no spare width (the table scrolls sideways)', () => {
    expect(
      layoutColumns(
        [
          { width: 100, content: 300 },
          { width: 80, grow: 1 },
        ],
        150,
      ),
    ).toEqual([100, 80]);
  });

  it('gives content first: an id wider than its minimum is shown whole when there is room', () => {
    expect(
      layoutColumns(
        [
          { width: 100, content: 260 },
          { width: 80, grow: 1 },
        ],
        1000,
      ),
    ).toEqual([260, 740]);
  });

  it('shares too little spare width in proportion to what each column lacks', () => {
    expect(
      layoutColumns(
        [
          { width: 100, content: 200 },
          { width: 100, content: 400 },
        ],
        300,
      ),
    ).toEqual([125, 175]);
  });

  it('splits what is left after content between growing columns by their share', () => {
    expect(layoutColumns([{ width: 100, grow: 1 }, { width: 100, grow: 3 }, { width: 50 }], 650)).toEqual([
      200, 400, 50,
    ]);
  });
});

describe('visibleColumnIds', () => {
  const columns = [{ id: 'name' }, { id: 'usage', priority: 'low' as const }, { id: 'total' }];

  it('hides low-priority columns only in a narrow window', () => {
    expect(visibleColumnIds(columns, {}, true)).toEqual(['name', 'total']);
    expect(visibleColumnIds(columns, {}, false)).toEqual(['name', 'usage', 'total']);
  });

  it("follows the admin's choice at any width, but never hides the first column", () => {
    expect(visibleColumnIds(columns, { usage: true, total: false, name: false }, true)).toEqual(['name', 'usage']);
  });
});
