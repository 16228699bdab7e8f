/**
 * Filter, sort and slice for the window's virtual lists. Per cache
 * generation the rows are built once, each full sorted order once, and each
 * row's search text once (when a search first reaches the row past the
 * filters), or, for a view searched by parts (search-parts.ts), no text at
 * all. Scrolling (offset changes only) costs a slice.
 *
 * A search or filter collects the matching rows once (kept while only the
 * order or the page changes) and sorts only those: at a million deployment
 * rows, sorting everything by another column and then filtering it took far
 * longer than sorting what a search leaves. Sorting the matches with ties
 * broken by build order gives the same rows in the same order as filtering
 * the fully sorted list. Text is sorted by rank (sort-order.ts): a whole
 * column's ranks, once a full order made them, are kept for the generation.
 *
 * All of it runs as steps with turns of the event loop between slices
 * (steps.ts): a query or export of a large view never holds the thread that
 * answers the window for the whole build or sort.
 */
import { ranksAt, sortByRank, sortByValue, textRanks, type Dir, type Indices, type Ranks } from './sort-order';
import { due, inTurns, type Steps } from './steps';
import type { PageRequest } from '../../../shared/contract';
import type { Matching } from './search-parts';

export interface PageResult<T> {
  total: number;
  offset: number;
  rows: T[];
}

type Parsed = Required<Pick<PageRequest, 'offset' | 'limit' | 'search' | 'sortDir'>> & { sortBy?: string | undefined };

/**
 * Which rows a query keeps besides its search: a test of each row, or a pick of the indices of all that pass, in
 * index order (from arrays its build made beside the rows: no row object read, no call per row).
 */
export type Filter<T> = ((row: T) => boolean) | { select(rows: readonly T[]): Int32Array };

/** A view's rows, made at once or as steps (a large view: slices with turns between them). */
export type Build<T> = () => T[] | Steps<T[]>;

export class View<T extends object> {
  private gen = -1;
  private rows: T[] = [];
  /** Lower-cased search text per row (same index as rows), made when a search first reaches the row. */
  private texts: Array<string | undefined> = [];
  /** Row indices in each full sorted order, by `column|dir`. */
  private readonly sorted = new Map<string, Indices>();
  /** Each whole text column's ranks by row, once ranked (null: not a text column). */
  private readonly ranks = new Map<string, Ranks | null>();
  /** The last search and filter's matching row indices, in index order, by `needle|filterKey`. */
  private matched: { key: string; indices: Int32Array } | null = null;
  private lastKey = '';
  private lastOrder: Indices = new Int32Array(0);
  /** The last query's run: the next waits for it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly build: Build<T>,
    private readonly search: ((row: T) => string) | Matching<T>,
    private readonly defaultSort: keyof T & string,
  ) {}

  /** One page. filterKey names the filter: within a generation, the same key must mean the same filter. */
  query(generation: number, req: Parsed, filter?: Filter<T>, filterKey = ''): Promise<PageResult<T>> {
    return this.run(() => this.page(generation, req, filter, filterKey));
  }

  /** Every row matching, in order: what CSV export writes. */
  all(generation: number, req: Parsed, filter?: Filter<T>, filterKey = ''): Promise<T[]> {
    return this.run(() => this.everyRow(generation, req, filter, filterKey));
  }

  private *page(generation: number, req: Parsed, filter: Filter<T> | undefined, filterKey: string) {
    const order = yield* this.resolve(generation, req, filter, filterKey);
    return {
      total: order.length,
      offset: req.offset,
      rows: this.rowsAt(order.slice(req.offset, req.offset + req.limit)),
    };
  }

  private *everyRow(generation: number, req: Parsed, filter: Filter<T> | undefined, filterKey: string) {
    return this.rowsAt(yield* this.resolve(generation, req, filter, filterKey));
  }

  private rowsAt(order: Indices): T[] {
    // Sized up front: pushing row by row into a list of 200,000 took ~25 ms.
    const rows = new Array<T>(order.length);
    for (let k = 0; k < order.length; k++) rows[k] = this.rows[order[k] as number] as T;
    return rows;
  }

  /**
   * Runs one query's steps once the queries before it have finished: they share what the view keeps, so their
   * slices never interleave. Rows built while the cache changes are of the generation asked for or newer, and
   * the next query of a newer generation builds them again.
   */
  private run<R>(steps: () => Steps<R>): Promise<R> {
    const result = this.queue.then(() => inTurns(steps()));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The matching rows' indices, in order; kept while only the page moves. */
  private *resolve(generation: number, req: Parsed, filter: Filter<T> | undefined, filterKey: string): Steps<Indices> {
    if (generation !== this.gen) {
      const built = this.build();
      this.rows = Array.isArray(built) ? built : yield* built;
      this.texts = [];
      this.sorted.clear();
      this.ranks.clear();
      this.matched = null;
      this.lastKey = '';
      this.gen = generation;
    }
    const sortBy = (
      req.sortBy && this.rows[0] && req.sortBy in this.rows[0] ? req.sortBy : this.defaultSort
    ) as keyof T & string;
    const key = `${sortBy}|${req.sortDir}|${req.search}|${filterKey}`;
    if (key === this.lastKey) return this.lastOrder;
    const needle = req.search.trim().toLowerCase();
    this.lastOrder =
      needle === '' && !filter
        ? yield* this.order(sortBy, req.sortDir)
        : yield* this.sort(yield* this.matching(needle, filter, filterKey), sortBy, req.sortDir);
    this.lastKey = key;
    return this.lastOrder;
  }

  /** Indices of the rows past the filter and the search, in index order; kept for the last needle and filter. */
  private *matching(needle: string, filter: Filter<T> | undefined, filterKey: string): Steps<Int32Array> {
    const key = `${needle}|${filterKey}`;
    if (this.matched?.key === key) return this.matched.indices;
    const rows = this.rows;
    let among: Int32Array | null = null;
    if (typeof filter === 'function') among = yield* this.pick(null, (row) => filter(row));
    else if (filter) among = filter.select(rows);
    const search = this.search;
    if (needle !== '') {
      if (typeof search !== 'function') among = search.pick(needle, rows, among);
      else {
        // Filled, not sparse: texts set at scattered indexes of an empty array turn it into a slow dictionary.
        if (this.texts.length !== rows.length) this.texts = new Array<string | undefined>(rows.length).fill(undefined);
        const texts = this.texts;
        among = yield* this.pick(among, (row, i) => (texts[i] ??= search(row)).includes(needle));
      }
    }
    const indices = among ?? new Int32Array(0);
    this.matched = { key, indices };
    return indices;
  }

  /** The indices among `among` (null: all rows) whose row passes the test, in index order. */
  private *pick(among: Int32Array | null, test: (row: T, i: number) => boolean): Steps<Int32Array> {
    const rows = this.rows;
    const n = among ? among.length : rows.length;
    // A typed array, not a pushed list (~25 ms for 200,000 matches).
    const found = new Int32Array(n);
    let count = 0;
    for (let k = 0; k < n; k++) {
      const i = among ? (among[k] as number) : k;
      if (test(rows[i] as T, i)) found[count++] = i;
      if (due(k)) yield;
    }
    return found.slice(0, count);
  }

  /** All row indices in one full order, kept for the generation. */
  private *order(sortBy: keyof T & string, dir: Dir): Steps<Indices> {
    const key = `${sortBy}|${dir}`;
    let sorted = this.sorted.get(key);
    if (!sorted) {
      const all = new Int32Array(this.rows.length);
      for (let i = 0; i < all.length; i++) all[i] = i;
      sorted = yield* this.sort(all, sortBy, dir);
      this.sorted.set(key, sorted);
    }
    return sorted;
  }

  /**
   * Row indices (in index order) by a column; ties keep build order. A whole column's ranks are kept for the
   * generation; a filter's matches are ranked by their own values unless the column's are kept (ranking a
   * million rows to sort a few thousand cost more than it saved, with many distinct users).
   */
  private *sort(indices: Indices, sortBy: keyof T & string, dir: Dir): Steps<Indices> {
    const kept = this.ranks.get(sortBy);
    if (kept) return yield* sortByRank(indices, ranksAt(kept, indices), dir);
    const slots = typeof this.search === 'function' ? undefined : this.search.slotsOf?.(sortBy, this.rows);
    const ranks = kept === null ? null : yield* textRanks(this.rows, sortBy, indices, slots);
    // Ascending and as many as the rows: every index, so the ranks by position are the column's by row.
    if (indices.length === this.rows.length) this.ranks.set(sortBy, ranks);
    return ranks ? yield* sortByRank(indices, ranks, dir) : yield* sortByValue(this.rows, indices, sortBy, dir);
  }
}
