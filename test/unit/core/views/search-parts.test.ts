// A search by parts finds exactly the rows whose whole text includes the needle, without making that text per row.
import { describe, expect, it } from 'vitest';
import { PartsSearch, partsText, slotsByText, type SearchPart } from '../../../../electron/core/views/search-parts';

interface Row {
  app: string;
  id: string;
  user: string;
  email: string | null;
  reason: string | null;
}

const PARTS: ReadonlyArray<SearchPart<Row>> = [
  { fields: ['app', 'id'] },
  { fields: ['user', 'email'] },
  { fields: ['reason'] },
];

// Mixed case, spaces inside fields, empty and missing fields, and letters whose lower case depends on context.
const ROWS: Row[] = [
  { app: 'Keynote', id: '361285480', user: 'ann', email: 'Ann@Example.com', reason: null },
  { app: 'Keynote', id: '361285480', user: 'bob', email: null, reason: 'No licenses available.' },
  { app: 'Microsoft Word', id: '586447913', user: 'ann', email: 'Ann@Example.com', reason: 'Retired' },
  { app: 'Microsoft Word', id: '586447913', user: 'Carl Jr', email: 'carl@example.com', reason: null },
  { app: 'ΟΔΟΣ', id: '1', user: 'ΣΑΣ', email: '', reason: 'İstanbul  twice' },
  { app: '', id: '2', user: '', email: null, reason: '' },
  { app: 'Pages', id: '361309726', user: 'bob', email: null, reason: 'No licenses available.' },
];

const text = partsText(PARTS);

/** Every needle to try: each row text's pieces (so many cross two or three parts), trimmed, and a few that match nothing. */
function needles(rows: Row[]): string[] {
  const all = new Set<string>(['zzz', 'ann bob', 'word ann@', '  ', 'available. x']);
  for (const row of rows) {
    const t = text(row);
    for (let from = 0; from < t.length; from++) {
      for (let to = from + 1; to <= Math.min(t.length, from + 40); to++) {
        const needle = t.slice(from, to).trim();
        if (needle !== '') all.add(needle);
      }
    }
  }
  return [...all];
}

const found = (search: PartsSearch<Row>, rows: Row[], needle: string) => Array.from(search.pick(needle, rows, null));
const expected = (rows: Row[], needle: string) => rows.flatMap((row, i) => (text(row).includes(needle) ? [i] : []));

describe('PartsSearch', () => {
  it('joins the parts as the text the view would search: fields and parts by single spaces, missing as empty', () => {
    expect(text(ROWS[1] as Row)).toBe('keynote 361285480 bob  no licenses available.');
    expect(text(ROWS[5] as Row)).toBe(' 2   ');
  });

  it('finds exactly what the whole text finds, for every piece of every row (within, across and over parts)', () => {
    const search = new PartsSearch(PARTS);
    const list = needles(ROWS);
    expect(list.length).toBeGreaterThan(1000);
    for (const needle of list) expect(found(search, ROWS, needle), needle).toEqual(expected(ROWS, needle));
  });

  it('picks only among the rows it is given (a filter’s), in their order', () => {
    const search = new PartsSearch(PARTS);
    const among = Int32Array.from([1, 2, 4, 6]);
    for (const needle of needles(ROWS)) {
      const want = expected(ROWS, needle).filter((i) => among.includes(i));
      expect(Array.from(search.pick(needle, ROWS, among)), needle).toEqual(want);
    }
  });

  it('finds a needle of more spaces than its masks hold (31) by the whole text, across parts too', () => {
    const words = Array.from({ length: 40 }, (_, k) => `w${k}`).join(' ');
    const rows: Row[] = [...ROWS, { app: 'Long', id: '9', user: 'dee', email: null, reason: words }];
    const search = new PartsSearch(PARTS);
    const needle = `dee  ${words.slice(0, words.indexOf('w33'))}w3`;
    expect(needle.split(' ').length - 1).toBeGreaterThan(31);
    expect(found(search, rows, needle)).toEqual([7]);
    expect(found(search, rows, `${needle}x`)).toEqual([]);
  });

  it('keeps to the whole text when fields hold the characters its haystack would separate texts with', () => {
    const rows: Row[] = [
      ...ROWS,
      { app: 'Nul\u0000App', id: '3', user: 'x\u0001y', email: null, reason: 'a\u0002b' },
      { app: 'Pages', id: '361309726', user: 'x', email: '\u0000', reason: null },
    ];
    const search = new PartsSearch(PARTS);
    const list = needles(rows);
    expect(list.some((n) => n.includes('\u0000'))).toBe(true);
    for (const needle of list)
      expect(found(search, rows, needle), JSON.stringify(needle)).toEqual(expected(rows, needle));
  });

  it('with the slots a builder keeps (by value, finer than by text) gives the same answers', () => {
    const search = new PartsSearch(PARTS);
    // One slot per row and part: the finest a builder can give.
    const finest = PARTS.map(() => ({ of: Int32Array.from(ROWS, (_, i) => i), count: ROWS.length }));
    search.keep(ROWS, finest);
    for (const needle of needles(ROWS)) expect(found(search, ROWS, needle), needle).toEqual(expected(ROWS, needle));
  });

  it('answers a needle by the row’s own fields, not the last answer for another row in the same slot', () => {
    const search = new PartsSearch(PARTS);
    const rows = ROWS.slice(0, 2);
    search.keep(rows, slotsByText(rows, PARTS));
    expect(found(search, rows, 'ann@example')).toEqual([0]);
    // The cache moved on: the same user now has another email. A new list of rows is searched by its own slots.
    const moved = rows.map((r) => ({ ...r, email: r.user === 'ann' ? 'ann@new.example' : r.email }));
    expect(found(search, moved, 'ann@example')).toEqual([]);
    expect(found(search, moved, 'ann@new')).toEqual([0]);
  });

  it('groups rows by each part’s text (a missing field and an empty one read the same)', () => {
    const [app, user, reason] = slotsByText(ROWS, PARTS);
    expect(app?.count).toBe(5);
    expect(Array.from(user?.of ?? [])).toEqual([0, 1, 0, 2, 3, 4, 1]);
    expect(Array.from(reason?.of ?? [])).toEqual([0, 1, 2, 0, 3, 0, 1]);
  });
});
