// A View searched by parts, and sorted by ranking a text column, gives the rows and order of sorting everything by
// the collator, then keeping the rows whose text includes the needle.
import { describe, expect, it } from 'vitest';
import { View } from '../../../../electron/core/views/paging';
import { PartsSearch, partsText, type SearchPart } from '../../../../electron/core/views/search-parts';

interface Row {
  id: string;
  name: string | null;
  user: string;
  email: string | null;
  count: number;
}

const PARTS: ReadonlyArray<SearchPart<Row>> = [{ fields: ['id', 'name'] }, { fields: ['user', 'email'] }];
const text = partsText(PARTS);

// Values the collator holds equal (case, accents) or orders naturally (x9 before x10), few of each so ties abound.
const NAMES = ['Item 2', 'item 2', 'Item 10', 'Émile', 'emile', 'x9', 'x10', '', 'Zoë'];
const rows: Row[] = Array.from({ length: 600 }, (_, i) => ({
  id: `r${(i * 7919) % 600}`,
  name: i % 11 === 0 ? null : (NAMES[(i * 31) % NAMES.length] as string),
  user: `User ${(i * 13) % 37}`,
  email: i % 7 === 0 ? null : `user${(i * 13) % 37}@Example.com`,
  count: (i * 17) % 5,
}));

const page = (over: Partial<{ search: string; sortBy: string; sortDir: 'asc' | 'desc' }>) => ({
  offset: 0,
  limit: 5000,
  search: '',
  sortDir: 'asc' as const,
  ...over,
});

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
function reference(sortBy: keyof Row, dir: 'asc' | 'desc', keep: (r: Row) => boolean): string[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = a.r[sortBy];
      const y = b.r[sortBy];
      const c =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x ?? ''), String(y ?? ''));
      return c !== 0 ? (dir === 'asc' ? c : -c) : a.i - b.i;
    })
    .filter(({ r }) => keep(r))
    .map(({ r }) => r.id);
}

const ids = (list: Row[]) => list.map((r) => r.id);

describe('View searched by parts and sorted by ranks', () => {
  it('gives the same rows in the same order as the whole text and a full collator sort, for any column and needle', async () => {
    // Whole columns ranked once and kept here; a fresh view per query below ranks only the matches' own values.
    const byText = new View<Row>(() => rows, text, 'id');
    // Within a part, across parts (name then user), case and accents, a missing email, and few or many matches.
    const searches = ['', 'item', 'ITEM 2', '2 user 1', 'emile r', 'user 3 user3@', '10 user', 'zzz', 'r5', 'r17'];
    for (const sortBy of ['id', 'name', 'user', 'email', 'count'] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        for (const search of searches) {
          const byParts = new View<Row>(() => rows, new PartsSearch(PARTS), 'id');
          const needle = search.trim().toLowerCase();
          const want = reference(sortBy, sortDir, (r) => text(r).includes(needle));
          expect(
            ids(await byParts.all(1, page({ sortBy, sortDir, search }))),
            `${sortBy} ${sortDir} ${search}`,
          ).toEqual(want);
          expect(ids(await byText.all(1, page({ sortBy, sortDir, search })))).toEqual(want);
          const filtered = await byParts.all(1, page({ sortBy, sortDir, search }), (r) => r.count === 2, 'two');
          expect(ids(filtered)).toEqual(reference(sortBy, sortDir, (r) => r.count === 2 && text(r).includes(needle)));
        }
      }
    }
  });

  it("sorts by the builder's slots (rows in one share the column's value) as by the values themselves", async () => {
    // Parts whose slots each hold many rows, so a slot of the wrong part would give rows another row's value.
    const parts: ReadonlyArray<SearchPart<Row>> = [{ fields: ['name', 'count'] }, { fields: ['user', 'email'] }];
    const partText = partsText(parts);
    // A slot per distinct pair of the part's fields, as a builder gives them: one user value sits in two slots
    // (with and without an email), so equal values across slots must share a rank.
    const slotsOf = (fields: ReadonlyArray<keyof Row>) => {
      const ids = new Map<string, number>();
      const of = Int32Array.from(rows, (r) => {
        const key = JSON.stringify(fields.map((f) => r[f]));
        if (!ids.has(key)) ids.set(key, ids.size);
        return ids.get(key) as number;
      });
      return { of, count: ids.size };
    };
    for (const sortBy of ['id', 'name', 'user', 'email', 'count'] as const) {
      for (const sortDir of ['asc', 'desc'] as const) {
        for (const search of ['', 'item', 'user 1', 'zzz']) {
          const byParts = new PartsSearch(parts);
          const v = new View<Row>(
            () => {
              byParts.keep(rows, [slotsOf(['name', 'count']), slotsOf(['user', 'email'])]);
              return rows;
            },
            byParts,
            'id',
          );
          const needle = search.trim().toLowerCase();
          const filtered = await v.all(1, page({ sortBy, sortDir, search }), (r) => r.count !== 3, 'not3');
          expect(ids(filtered), `${sortBy} ${sortDir} ${search}`).toEqual(
            reference(sortBy, sortDir, (r) => r.count !== 3 && partText(r).includes(needle)),
          );
        }
      }
    }
  });

  it("never sorts by slots found from the rows' text, which join fields and ignore case", async () => {
    // "a b" + "c" and "a" + "b c" make one text, so one slot found from text, yet their users differ.
    const tricky: Row[] = [
      { id: 'r1', name: null, user: 'a b', email: 'c', count: 0 },
      { id: 'r2', name: null, user: 'b', email: null, count: 0 },
      { id: 'r3', name: null, user: 'a', email: 'b c', count: 0 },
    ];
    const v = new View<Row>(() => tricky, new PartsSearch(PARTS), 'id');
    // A search first, so the text's slots exist before the sort.
    expect(ids(await v.all(1, page({ search: 'r', sortBy: 'user' })))).toEqual(['r3', 'r1', 'r2']);
    expect(ids(await v.all(1, page({ search: 'r', sortBy: 'user', sortDir: 'desc' })))).toEqual(['r2', 'r1', 'r3']);
  });

  it('a filter that picks indices keeps the same rows, in the same order, as its test of each row', async () => {
    const v = new View<Row>(() => rows, new PartsSearch(PARTS), 'id');
    const two = (r: Row) => r.count === 2;
    const pick = { select: (list: readonly Row[]) => Int32Array.from(list.flatMap((r, i) => (two(r) ? [i] : []))) };
    for (const search of ['', 'item', 'user 1']) {
      for (const sortBy of ['id', 'name', 'count'] as const) {
        const req = page({ search, sortBy, sortDir: 'desc' });
        expect(ids(await v.all(1, req, pick, 'picked')), `${search} ${sortBy}`).toEqual(
          ids(await v.all(1, req, two, 'tested')),
        );
      }
    }
  });

  it('searches the rows once for a needle and filter, however often the order or the page changes', async () => {
    const search = new PartsSearch(PARTS);
    let searches = 0;
    const counted = {
      pick: (needle: string, list: readonly Row[], among: Int32Array | null) => {
        searches++;
        return search.pick(needle, list, among);
      },
    };
    const v = new View<Row>(() => rows, counted, 'id');
    await v.query(1, page({ search: 'item' }));
    await v.query(1, page({ search: 'item', sortBy: 'name', sortDir: 'desc' }));
    await v.query(1, { ...page({ search: 'item', sortBy: 'user' }), offset: 20, limit: 10 });
    expect(searches).toBe(1);
    await v.query(1, page({ search: 'item' }), (r) => r.count === 1, 'one');
    await v.query(1, page({ search: 'emile' }), (r) => r.count === 1, 'one');
    expect(searches).toBe(3);
    // A new generation's rows are searched again, with nothing kept from the last.
    await v.query(2, page({ search: 'emile' }), (r) => r.count === 1, 'one');
    expect(searches).toBe(4);
  });

  it('pages from the same order as the full list', async () => {
    const v = new View<Row>(() => rows, new PartsSearch(PARTS), 'id');
    const req = page({ search: 'user 1', sortBy: 'name', sortDir: 'desc' });
    const all = ids(await v.all(1, req));
    const second = await v.query(1, { ...req, offset: 10, limit: 7 });
    expect(second.total).toBe(all.length);
    expect(ids(second.rows)).toEqual(all.slice(10, 17));
  });
});
