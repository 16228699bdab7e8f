/**
 * Rows of a large server-side list, fetched in fixed blocks as the virtual
 * list scrolls. Only blocks near the visible range are kept, so 200,000 rows
 * cost a few thousand objects in the window; answers that arrive after the
 * query changed are dropped by generation.
 */
import { messageOf } from '../api';

export interface Page<Row> {
  total: number;
  offset: number;
  rows: Row[];
}

export type FetchWindow<Row> = (offset: number, limit: number) => Promise<Page<Row>>;

export const BLOCK_SIZE = 200;
/** Blocks kept either side of the visible range before they are dropped. */
const KEEP_BLOCKS = 25;

interface Block<Row> {
  rows: Row[];
  stale: boolean;
}

export class PagedSource<Row> {
  total: number | null = null;
  error: string | null = null;
  /** Counts resets, so the table can scroll back to the top on a new query. */
  resets = 0;

  private blocks = new Map<number, Block<Row>>();
  private pending = new Map<number, number>();
  private gen = 0;
  private fetcher: FetchWindow<Row> | null = null;
  private range = { start: 0, end: 0 };
  private listeners = new Set<() => void>();
  private version = 0;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): number => this.version;

  get loading(): boolean {
    for (const gen of this.pending.values()) if (gen === this.gen) return true;
    return false;
  }

  /** A new query (search, sort, filter): forget every row and start at the top. */
  reset(fetcher: FetchWindow<Row>): void {
    this.gen++;
    this.resets++;
    this.fetcher = fetcher;
    this.blocks.clear();
    this.pending.clear();
    this.total = null;
    this.error = null;
    this.range = { start: 0, end: 0 };
    this.load(0);
    this.emit();
  }

  /** Same query, but the data behind it may have changed: keep rows visible while refetching them. */
  invalidate(fetcher: FetchWindow<Row>): void {
    this.gen++;
    this.fetcher = fetcher;
    for (const block of this.blocks.values()) block.stale = true;
    if (this.blocks.size === 0) this.load(0);
    this.ensure(this.range.start, this.range.end);
  }

  /** Called with the virtual list's visible range (plus margin). */
  ensure(start: number, end: number): void {
    this.range = { start, end };
    const first = Math.max(0, Math.floor(start / BLOCK_SIZE));
    const lastIndex = this.total === null ? end : Math.min(end, this.total - 1);
    const last = Math.max(first, Math.floor(Math.max(0, lastIndex) / BLOCK_SIZE));
    for (let b = first; b <= last; b++) {
      const block = this.blocks.get(b);
      if ((!block || block.stale) && this.pending.get(b) !== this.gen) this.load(b);
    }
    for (const b of this.blocks.keys()) {
      if (b < first - KEEP_BLOCKS || b > last + KEEP_BLOCKS) this.blocks.delete(b);
    }
  }

  rowAt(index: number): Row | undefined {
    return this.blocks.get(Math.floor(index / BLOCK_SIZE))?.rows[index % BLOCK_SIZE];
  }

  /** Retry after an error, keeping the current query. */
  retry(): void {
    if (this.fetcher) this.invalidate(this.fetcher);
  }

  private load(block: number): void {
    const fetcher = this.fetcher;
    if (!fetcher) return;
    const gen = this.gen;
    this.pending.set(block, gen);
    fetcher(block * BLOCK_SIZE, BLOCK_SIZE)
      .then(
        (page) => {
          if (gen !== this.gen) return;
          this.blocks.set(block, { rows: page.rows, stale: false });
          this.total = page.total;
          this.error = null;
        },
        (err: unknown) => {
          if (gen !== this.gen) return;
          this.error = messageOf(err);
          if (this.total === null) this.total = 0;
        },
      )
      .finally(() => {
        if (this.pending.get(block) === gen) this.pending.delete(block);
        if (gen === this.gen) this.emit();
      });
  }

  private emit(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
