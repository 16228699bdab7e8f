/**
 * Filter, sort and slice for the window's virtual lists. Sorted orders are
 * memoised per cache generation, so scrolling (offset changes only) costs a
 * slice, and a new search costs one linear scan.
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
  private readonly sorted = new Map<string, T[]>();
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
      this.sorted.clear();
      this.lastKey = '';
      this.gen = generation;
    }
    const sortBy = req.sortBy && this.rows[0] && req.sortBy in this.rows[0] ? req.sortBy : this.defaultSort;
    const order = this.order(sortBy as keyof T & string, req.sortDir);
    const key = `${sortBy}|${req.sortDir}|${req.search}|${filterKey}`;
    if (key !== this.lastKey) {
      const needle = req.search.trim().toLowerCase();
      this.lastFiltered =
        needle === '' && !filter
          ? order
          : order.filter((row) => (!filter || filter(row)) && (needle === '' || this.searchText(row).includes(needle)));
      this.lastKey = key;
    }
    return this.lastFiltered;
  }

  private order(sortBy: keyof T & string, dir: 'asc' | 'desc'): T[] {
    const key = `${sortBy}|${dir}`;
    let sorted = this.sorted.get(key);
    if (!sorted) {
      const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
      const sign = dir === 'asc' ? 1 : -1;
      sorted = [...this.rows].sort((a, b) => {
        const x = a[sortBy];
        const y = b[sortBy];
        if (typeof x === 'number' && typeof y === 'number') return (x - y) * sign;
        return collator.compare(String(x ?? ''), String(y ?? '')) * sign;
      });
      this.sorted.set(key, sorted);
    }
    return sorted;
  }
}
