// Filter, sort and slice for the virtual lists, memoised per cache generation.
import { describe, expect, it, onTestFinished } from 'vitest';
import { View, type PageResult } from '../../../../electron/core/views/paging';
import { mapSteps, setSliceMs } from '../../../../electron/core/views/steps';
import { startTicker } from '../../../helpers/ticker';

interface Row {
  id: string;
  name: string | null;
  count: number;
}

const ROWS: Row[] = [
  { id: 'a', name: 'Item 10', count: 5 },
  { id: 'b', name: 'item 2', count: 40 },
  { id: 'c', name: null, count: 3 },
  { id: 'd', name: 'Other', count: 40 },
];

const page = (
  over: Partial<{ offset: number; limit: number; search: string; sortBy: string; sortDir: 'asc' | 'desc' }>,
) => ({
  offset: 0,
  limit: 500,
  search: '',
  sortDir: 'asc' as const,
  ...over,
});

function view(rows: Row[] = ROWS) {
  const built = { count: 0 };
  const v = new View<Row>(
    () => {
      built.count++;
      return rows.map((r) => ({ ...r }));
    },
    (r) => `${r.id} ${r.name ?? ''}`.toLowerCase(),
    'id',
  );
  return { v, built };
}

const ids = (rows: Row[]) => rows.map((r) => r.id);

describe('View', () => {
  it('sorts by the default column unless another is asked for', async () => {
    const { v } = view([...ROWS].reverse());
    expect(ids(await v.all(1, page({})))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('sorts text naturally and without regard to case, a missing value first', async () => {
    const { v } = view();
    expect(ids(await v.all(1, page({ sortBy: 'name' })))).toEqual(['c', 'b', 'a', 'd']);
  });

  it('sorts numbers as numbers (not as text), and descending on request with ties kept in order', async () => {
    const { v } = view([
      { id: 'a', name: null, count: 1.5 },
      { id: 'b', name: null, count: -10 },
      { id: 'c', name: null, count: 1.25 },
      { id: 'd', name: null, count: -3 },
    ]);
    expect(ids(await v.all(1, page({ sortBy: 'count' })))).toEqual(['b', 'd', 'c', 'a']);
    const { v: tied } = view();
    expect(ids(await tied.all(1, page({ sortBy: 'count', sortDir: 'desc' })))).toEqual(['b', 'd', 'a', 'c']);
  });

  it('falls back to the default column for a column the rows do not have', async () => {
    const { v } = view([...ROWS].reverse());
    expect(ids(await v.all(1, page({ sortBy: 'nope' })))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('searches the row text, trimmed and without regard to case, together with the filter', async () => {
    const { v } = view();
    expect(ids(await v.all(1, page({ search: '  ITEM ' })))).toEqual(['a', 'b']);
    expect(ids(await v.all(1, page({ search: 'item' }), (r) => r.count > 10, 'many'))).toEqual(['b']);
  });

  it('applies a filter with another key to the rows again rather than reusing the last result', async () => {
    const { v } = view();
    expect(ids(await v.all(1, page({}), (r) => r.count === 40, 'forty'))).toEqual(['b', 'd']);
    expect(ids(await v.all(1, page({}), (r) => r.count < 10, 'few'))).toEqual(['a', 'c']);
    expect(ids(await v.all(1, page({})))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('pages: the total of all matching rows, and the slice asked for', async () => {
    const { v } = view();
    expect(await v.query(1, page({ offset: 1, limit: 2 }))).toEqual({
      total: 4,
      offset: 1,
      rows: [expect.objectContaining({ id: 'b' }), expect.objectContaining({ id: 'c' })],
    });
    expect(await v.query(1, page({ offset: 10, limit: 2 }))).toEqual({ total: 4, offset: 10, rows: [] });
    expect(await v.query(1, page({ search: 'item', limit: 1 }))).toMatchObject({ total: 2, rows: [{ id: 'a' }] });
  });

  it('a search or filter sorted by any column gives the rows and order of sorting everything, then filtering', async () => {
    // Ties on purpose (few names, few counts) so the tie order is checked too.
    const rows: Row[] = Array.from({ length: 400 }, (_, i) => ({
      id: `r${(i * 7919) % 400}`,
      name: i % 9 === 0 ? null : `Item ${(i * 31) % 17}`,
      count: (i * 13) % 5,
    }));
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const reference = (sortBy: keyof Row, dir: 'asc' | 'desc', keep: (r: Row) => boolean) =>
      [...rows]
        .sort((a, b) => {
          const x = a[sortBy];
          const y = b[sortBy];
          const c =
            typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x ?? ''), String(y ?? ''));
          return dir === 'asc' ? c : -c;
        })
        .filter(keep);
    const { v } = view(rows);
    for (const sortBy of ['id', 'name', 'count'] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        const searched = await v.all(1, page({ sortBy, sortDir, search: 'item 1' }));
        expect(ids(searched)).toEqual(
          ids(reference(sortBy, sortDir, (r) => `${r.id} ${r.name ?? ''}`.toLowerCase().includes('item 1'))),
        );
        const filtered = await v.all(1, page({ sortBy, sortDir }), (r) => r.count === 2, 'two');
        expect(ids(filtered)).toEqual(ids(reference(sortBy, sortDir, (r) => r.count === 2)));
      }
    }
  });

  it('makes each row’s search text once per generation, however many searches follow', async () => {
    let made = 0;
    const v = new View<Row>(
      () => ROWS.map((r) => ({ ...r })),
      (r) => {
        made++;
        return `${r.id} ${r.name ?? ''}`.toLowerCase();
      },
      'id',
    );
    await v.all(1, page({ search: 'item' }));
    await v.all(1, page({ search: 'other' }));
    await v.all(1, page({ search: 'it', sortBy: 'count' }));
    expect(made).toBe(ROWS.length);
    await v.all(2, page({ search: 'item' }));
    expect(made).toBe(2 * ROWS.length);
  });

  it('builds the rows once per cache generation, and again when the generation moves', async () => {
    const rows = [...ROWS];
    const { v, built } = view(rows);
    await v.query(1, page({}));
    await v.query(1, page({ offset: 2, sortBy: 'count', search: 'i' }));
    expect(built.count).toBe(1);

    rows.push({ id: 'e', name: 'New', count: 1 });
    expect((await v.query(1, page({}))).total).toBe(4);
    expect((await v.query(2, page({}))).total).toBe(5);
    expect(built.count).toBe(2);
  });

  it('builds, ranks and sorts a large view a slice at a time, letting the event loop run, with the same page', async () => {
    // Every 1,024 rows a turn, whatever this machine's speed.
    const sliceMs = setSliceMs(0);
    onTestFinished(() => void setSliceMs(sliceMs));
    const many: Row[] = Array.from({ length: 60_000 }, (_, i) => ({
      id: `r${(i * 7919) % 60_000}`,
      name: `Item ${(i * 31) % 997}`,
      count: i % 13,
    }));
    const v = new View<Row>(
      () => mapSteps(many, (r) => ({ ...r })),
      (r) => `${r.id} ${r.name ?? ''}`.toLowerCase(),
      'id',
    );
    const ticker = startTicker();
    const got = await v.query(1, page({ search: 'item 1', sortBy: 'name', sortDir: 'desc', limit: 50 }));
    // Built, searched, ranked and placed by rank, 1,024 rows a turn: the ticker ran between them.
    expect(ticker.stop()).toBeGreaterThanOrEqual(58);
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const want = many
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => `${r.id} ${r.name ?? ''}`.toLowerCase().includes('item 1'))
      .sort((a, b) => -collator.compare(a.r.name ?? '', b.r.name ?? '') || a.i - b.i)
      .map(({ r }) => r.id);
    expect(got.total).toBe(want.length);
    expect(ids(got.rows)).toEqual(want.slice(0, 50));
  });

  it('runs queries of one view one after another: one started mid-build gets the rows of its own generation', async () => {
    const sliceMs = setSliceMs(0);
    onTestFinished(() => void setSliceMs(sliceMs));
    let rows: Row[] = Array.from({ length: 50_000 }, (_, i) => ({ id: `a${i}`, name: `Old ${i % 101}`, count: i }));
    const v = new View<Row>(
      () => mapSteps(rows, (r) => ({ ...r })),
      (r) => `${r.id} ${r.name ?? ''}`.toLowerCase(),
      'id',
    );
    const first = v.query(1, page({ sortBy: 'name', sortDir: 'desc', limit: 3 }));
    // At the first turn, when the first query has built a slice: the cache changes, and a query of the new
    // generation comes in.
    const second = new Promise<PageResult<Row>>((resolve) =>
      setImmediate(() => {
        rows = Array.from({ length: 30_000 }, (_, i) => ({ id: `b${i}`, name: `New ${i % 7}`, count: i }));
        resolve(v.query(2, page({ search: 'new 6', limit: 3 })));
      }),
    );
    const [a, b] = await Promise.all([first, second]);
    expect(a.total).toBe(50_000);
    expect(a.rows.every((r) => r.id.startsWith('a') && r.name === 'Old 100')).toBe(true);
    // `New 6`: i % 7 === 6, for 4,285 of the 30,000.
    expect(b.total).toBe(4285);
    expect(b.rows.every((r) => r.id.startsWith('b') && r.name === 'New 6')).toBe(true);
  });
});
