/**
 * Filter, sort and slice for the window's virtual lists. Per cache
 * generation the rows are built once, each row's search text once (when a
 * search first reaches it past the filters), and each full sorted order
 * once, so scrolling (offset changes only) costs a slice.
 *
 * A search or filter scans the default order and sorts only what matched:
 * at a million deployment rows, sorting everything by another column
 * (Intl.Collator, seconds) and then filtering it took far longer than
 * sorting the few hundred rows a search leaves. Sorting the matches with
 * ties broken by build order gives the same rows in the same order as
 * filtering the fully sorted list.
 */
import type { PageRequest } from '../../../shared/contract';

export interface PageResult<T> {
  total: number;
  offset: number;
  rows: T[];
}

type Parsed = Required<Pick<PageRequest, 'offset' | 'limit' | 'search' | 'sortDir'>> & { sortBy?: string | undefined };

export class View<T extends object> {
  private gen = -1;
  private rows: T[] = [];
  /** Lower-cased search text per row (same index as rows), made when a search first reaches the row. */
  private texts: Array<string | undefined> = [];
  /** Row indices in each full sorted order, by `column|dir`. */
  private readonly sorted = new Map<string, number[]>();
  private lastKey = '';
  private lastFiltered: T[] = [];

  constructor(
    private readonly build: () => T[],
    private readonly searchText: (row: T) => string,
    private readonly defaultSort: keyof T & string,
  ) {}

  query(generation: number, req: Parsed, filter?: (row: T) => boolean, filterKey = ''): PageResult<T> {
    const rows = this.all(generation, req, filter, filterKey);
    return { total: rows.length, offset: req.offset, rows: rows.slice(req.offset, req.offset + req.limit) };
  }

  /** Every row matching, in order: the page source, and what CSV export writes. */
  all(generation: number, req: Parsed, filter?: (row: T) => boolean, filterKey = ''): T[] {
    if (generation !== this.gen) {
      this.rows = this.build();
      // Filled, not sparse: texts set at scattered indexes of an empty array turn it into a slow dictionary.
      this.texts = new Array<string | undefined>(this.rows.length).fill(undefined);
      this.sorted.clear();
      this.lastKey = '';
      this.gen = generation;
    }
    const sortBy = (
      req.sortBy && this.rows[0] && req.sortBy in this.rows[0] ? req.sortBy : this.defaultSort
    ) as keyof T & string;
    const key = `${sortBy}|${req.sortDir}|${req.search}|${filterKey}`;
    if (key === this.lastKey) return this.lastFiltered;
    const needle = req.search.trim().toLowerCase();
    let order: number[];
    if (needle === '' && !filter) order = this.order(sortBy, req.sortDir);
    else {
      const texts = this.texts;
      const rows = this.rows;
      // Scanned in the default order: matches then need sorting only when another order is asked for.
      const base = this.order(this.defaultSort, 'asc');
      order = [];
      for (const i of base) {
        if (filter && !filter(rows[i] as T)) continue;
        if (needle !== '' && !(texts[i] ??= this.searchText(rows[i] as T)).includes(needle)) continue;
        order.push(i);
      }
      if (sortBy !== this.defaultSort || req.sortDir !== 'asc') this.sortIndices(order, sortBy, req.sortDir);
    }
    this.lastFiltered = order.map((i) => this.rows[i] as T);
    this.lastKey = key;
    return this.lastFiltered;
  }

  /** All row indices in one full order, kept for the generation. */
  private order(sortBy: keyof T & string, dir: 'asc' | 'desc'): number[] {
    const key = `${sortBy}|${dir}`;
    let sorted = this.sorted.get(key);
    if (!sorted) {
      sorted = Array.from(this.rows, (_, i) => i);
      this.sortIndices(sorted, sortBy, dir);
      this.sorted.set(key, sorted);
    }
    return sorted;
  }

  /** Sorts row indices by a column, numbers as numbers and text naturally without regard to case; ties keep build order. */
  private sortIndices(indices: number[], sortBy: keyof T & string, dir: 'asc' | 'desc'): void {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const sign = dir === 'asc' ? 1 : -1;
    const rows = this.rows;
    indices.sort((i, j) => {
      const x = (rows[i] as T)[sortBy];
      const y = (rows[j] as T)[sortBy];
      const c =
        typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x ?? ''), String(y ?? ''));
      return c !== 0 ? c * sign : i - j;
    });
  }
}
