/**
 * Walks a paged v2 endpoint the way Apple's "Using Paginated Endpoints"
 * article asks: page 0 first to learn totalPages and versionId, then pages
 * 1..totalPages-1 in parallel, never more than `concurrency` at once.
 *
 * A walk is a snapshot of one versionId. If any page reports another
 * versionId or totalPages (or Apple says the page index no longer exists,
 * 9650), the data changed under us: the partial result is dropped and the
 * whole walk restarts, at most `maxAttempts` times in all; after that the
 * walk fails with APPLE_BUSY so the scheduler tries again later.
 */
import { setMaxListeners } from 'node:events';
import { setImmediate as turn } from 'node:timers/promises';
import { VppError } from '../../../shared/errors';
import { BAD_PAGE_INDEX, isAppleError } from './errors';
import type { Offloaded } from './http';

export interface Page<T> {
  items: T[];
  versionId: string;
  totalPages: number;
  /** The sink took this page's rows itself (PageSink.raw): `items` is empty and nothing is handed over. */
  held?: boolean;
}

export interface WalkOptions {
  signal?: AbortSignal;
  /** Called after every page: (pages fetched so far, pages in this walk). */
  onProgress?: (pagesDone: number, pagesTotal: number) => void;
}

/**
 * Takes a walk's pages as they arrive, by page index (in any order), so the
 * walk keeps none of them: a sync hands a million rows to its worker this
 * way instead of holding them all on the thread that answers the window.
 * `restart()` drops what it was given: the walk begins again from page 0.
 */
export interface PageSink<T> {
  page(index: number, items: T[]): void;
  restart(): void;
  /**
   * Takes a page's reply body unread, to parse, check and convert (as the
   * walk's `map` would) where the rows are kept: the thread that answers the
   * window then never parses them. Pages it holds come back `held`.
   */
  raw?: ((index: number, body: ArrayBuffer) => Promise<Offloaded>) | undefined;
}

export interface WalkResult<T> {
  fullResync: false;
  /** Every item in page order; empty when a sink took them. */
  items: T[];
  /** The versionId of page 0: the one to pass as sinceVersionId next time. */
  versionId: string;
  pages: number;
  /** How many times the walk restarted because the data changed. */
  restarts: number;
}

/** A sinceVersionId walk Apple refused (9721): the caller must do a full walk and replace its data. */
export interface FullResyncRequired {
  fullResync: true;
  reason: 'invalid-since-version';
}

export const DEFAULT_WALK_ATTEMPTS = 4;

export type FetchPage<T> = (pageIndex: number, signal: AbortSignal | undefined) => Promise<Page<T>>;

export async function walkPages<T>(
  fetchPage: FetchPage<T>,
  options: WalkOptions & { concurrency: number; maxAttempts?: number; sink?: PageSink<T> | undefined },
): Promise<WalkResult<T>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_WALK_ATTEMPTS;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) options.sink?.restart();
    const result = await walkOnce(fetchPage, options);
    if (result) return { ...result, restarts: attempt };
  }
  throw new VppError(
    'APPLE_BUSY',
    'Apple’s data kept changing while VPP Desk was reading it. VPP Desk will try again shortly.',
  );
}

/** One pass; null when the data changed part-way and the walk must restart. */
async function walkOnce<T>(
  fetchPage: FetchPage<T>,
  options: WalkOptions & { concurrency: number; sink?: PageSink<T> | undefined },
): Promise<Omit<WalkResult<T>, 'restarts'> | null> {
  const { signal, onProgress, sink } = options;
  const first = await fetchPage(0, signal);
  // An empty set still has one (empty) page.
  const total = Math.max(1, first.totalPages);
  const pages: T[][] = [];
  const keep = (index: number, page: Page<T>) => {
    if (page.held) return;
    if (sink) sink.page(index, page.items);
    else pages[index] = page.items;
  };
  keep(0, first);
  let done = 1;
  onProgress?.(done, total);

  if (total > 1) {
    // Our own controller, so a change seen on one page stops the others early.
    const inner = new AbortController();
    // Every lane's request listens to it at several layers (rate limiter, slots, fetch): more than
    // Node's default of 10 is normal here, not a leak (it warned in the rate-limited 1M sync).
    setMaxListeners(0, inner.signal);
    const onAbort = () => inner.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let next = 1;
    let changed = false;
    let failed = false;
    let failure: unknown;
    const stop = (why: 'changed' | 'failed', err?: unknown) => {
      if (changed || failed) return;
      if (why === 'changed') changed = true;
      else {
        failed = true;
        failure = err;
      }
      inner.abort();
    };
    const worker = async () => {
      while (!changed && !failed && next < total) {
        const index = next++;
        try {
          const page = await fetchPage(index, inner.signal);
          if (page.versionId !== first.versionId || page.totalPages !== first.totalPages) return stop('changed');
          keep(index, page);
          done += 1;
          onProgress?.(done, total);
        } catch (err) {
          if (changed || failed) return; // a page we cancelled ourselves
          if (isAppleError(err, BAD_PAGE_INDEX)) return stop('changed');
          return stop('failed', err);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(options.concurrency, total - 1) }, worker));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    signal?.throwIfAborted();
    if (failed) throw failure;
    if (changed) return null;
  }
  return { fullResync: false, items: await joinPages(pages), versionId: first.versionId, pages: total };
}

/** Rows joined per turn of the event loop: a few milliseconds. */
const JOIN_ROWS_PER_TURN = 20_000;

/**
 * pages.flat(), a turn of the event loop every JOIN_ROWS_PER_TURN rows: in
 * one go, a million rows held the window's loop for over 100 ms.
 */
async function joinPages<T>(pages: readonly T[][]): Promise<T[]> {
  const items: T[] = [];
  let sinceTurn = 0;
  for (const page of pages) {
    for (const item of page) items.push(item);
    sinceTurn += page.length;
    if (sinceTurn >= JOIN_ROWS_PER_TURN) {
      sinceTurn = 0;
      await turn();
    }
  }
  return items;
}
