import { describe, expect, it, vi } from 'vitest';
import { VppClientError } from '../../../renderer/api';
import { BLOCK_SIZE, PagedSource, type FetchWindow, type Page } from '../../../renderer/lib/paged-source';

interface Call {
  offset: number;
  limit: number;
  resolve(page: Page<string>): void;
  reject(err: unknown): void;
}

/** A fetcher whose answers the test releases one by one, like a slow main process. */
function manualFetcher() {
  const calls: Call[] = [];
  const fetch: FetchWindow<string> = (offset, limit) =>
    new Promise<Page<string>>((resolve, reject) => {
      calls.push({ offset, limit, resolve, reject });
    });
  return { fetch, calls, offsets: () => calls.map((c) => c.offset) };
}

/** The rows a list of `total` would hold in the window at `offset`, tagged so answers can be told apart. */
function windowOf(total: number, offset: number, limit: number, tag = 'row'): Page<string> {
  const count = Math.max(0, Math.min(limit, total - offset));
  return { total, offset, rows: Array.from({ length: count }, (_, i) => `${tag}-${offset + i}`) };
}

function answer(call: Call | undefined, total: number, tag = 'row'): void {
  if (!call) throw new Error('no such call');
  call.resolve(windowOf(total, call.offset, call.limit, tag));
}

/** Lets then/finally callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('PagedSource', () => {
  it('starts a new query by fetching the first block, and shows its rows and total', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls } = manualFetcher();
    source.reset(fetch);
    expect(calls.map((c) => [c.offset, c.limit])).toEqual([[0, BLOCK_SIZE]]);
    expect(source.loading).toBe(true);
    expect(source.total).toBeNull();

    answer(calls[0], 1000);
    await settle();
    expect(source.loading).toBe(false);
    expect(source.total).toBe(1000);
    expect(source.rowAt(0)).toBe('row-0');
    expect(source.rowAt(BLOCK_SIZE - 1)).toBe(`row-${BLOCK_SIZE - 1}`);
    expect(source.rowAt(BLOCK_SIZE)).toBeUndefined();
  });

  it('fetches only the blocks of the visible range it does not hold or await yet', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls, offsets } = manualFetcher();
    source.reset(fetch);
    answer(calls[0], 100_000);
    await settle();

    source.ensure(150, 450); // blocks 0 (held), 1 and 2
    expect(offsets()).toEqual([0, 200, 400]);
    source.ensure(180, 520); // nothing new: 1 and 2 are on their way
    expect(offsets()).toEqual([0, 200, 400]);

    answer(calls[1], 100_000);
    answer(calls[2], 100_000);
    await settle();
    expect(source.rowAt(450)).toBe('row-450');
    source.ensure(0, 599);
    expect(calls).toHaveLength(3);
  });

  it('does not fetch past the end of the list', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls, offsets } = manualFetcher();
    source.reset(fetch);
    answer(calls[0], 250);
    await settle();

    source.ensure(0, 2000);
    expect(offsets()).toEqual([0, 200]);
  });

  it('handles an empty result without fetching again', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls } = manualFetcher();
    source.reset(fetch);
    answer(calls[0], 0);
    await settle();
    expect(source.total).toBe(0);
    source.ensure(0, 120);
    expect(calls).toHaveLength(1);
  });

  it('keeps 25 blocks either side of the visible range and drops the rest', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls } = manualFetcher();
    const total = 200 * BLOCK_SIZE;
    source.reset(fetch);
    answer(calls[0], total);
    source.ensure(0, 3 * BLOCK_SIZE - 1); // blocks 0-2
    answer(calls[1], total);
    answer(calls[2], total);
    await settle();

    // Visible: block 27. Kept: blocks 2..52; blocks 0 and 1 are dropped.
    source.ensure(27 * BLOCK_SIZE, 27 * BLOCK_SIZE + 50);
    answer(calls[3], total);
    await settle();
    expect(source.rowAt(0)).toBeUndefined();
    expect(source.rowAt(BLOCK_SIZE)).toBeUndefined();
    expect(source.rowAt(2 * BLOCK_SIZE)).toBe(`row-${2 * BLOCK_SIZE}`);
    expect(source.rowAt(27 * BLOCK_SIZE)).toBe(`row-${27 * BLOCK_SIZE}`);

    // Scrolling back fetches a dropped block again, and only that one.
    const before = calls.length;
    source.ensure(BLOCK_SIZE, BLOCK_SIZE + 50);
    expect(calls.slice(before).map((c) => c.offset)).toEqual([BLOCK_SIZE]);
  });

  it('drops answers to a query that has been replaced', async () => {
    const source = new PagedSource<string>();
    const first = manualFetcher();
    const second = manualFetcher();
    source.reset(first.fetch);
    source.reset(second.fetch);

    answer(first.calls[0], 500, 'old');
    await settle();
    expect(source.total).toBeNull();
    expect(source.rowAt(0)).toBeUndefined();
    expect(source.loading).toBe(true);

    answer(second.calls[0], 40, 'new');
    await settle();
    expect(source.total).toBe(40);
    expect(source.rowAt(0)).toBe('new-0');
  });

  it('counts resets (the table scrolls to the top) but not refetches', async () => {
    const source = new PagedSource<string>();
    const { fetch, calls } = manualFetcher();
    source.reset(fetch);
    answer(calls[0], 10);
    await settle();
    source.invalidate(fetch);
    expect(source.resets).toBe(1);
    source.reset(fetch);
    expect(source.resets).toBe(2);
  });

  it('a new query forgets every row and starts over at the top', async () => {
    const source = new PagedSource<string>();
    const first = manualFetcher();
    source.reset(first.fetch);
    answer(first.calls[0], 10_000, 'old');
    source.ensure(0, 599);
    answer(first.calls[1], 10_000, 'old');
    answer(first.calls[2], 10_000, 'old');
    await settle();

    const second = manualFetcher();
    source.reset(second.fetch);
    expect(source.total).toBeNull();
    expect(source.rowAt(0)).toBeUndefined();
    expect(source.rowAt(450)).toBeUndefined();
    expect(second.offsets()).toEqual([0]);
  });

  describe('after the data changed (invalidate)', () => {
    async function loaded() {
      const source = new PagedSource<string>();
      const old = manualFetcher();
      const total = 100 * BLOCK_SIZE;
      source.reset(old.fetch);
      answer(old.calls[0], total, 'old');
      await settle();
      source.ensure(10 * BLOCK_SIZE, 12 * BLOCK_SIZE - 1); // blocks 10 and 11 visible
      answer(old.calls[1], total, 'old');
      answer(old.calls[2], total, 'old');
      await settle();
      return { source, old, total };
    }

    it('refetches the visible blocks while still showing the previous rows', async () => {
      const { source } = await loaded();
      const fresh = manualFetcher();
      source.invalidate(fresh.fetch);
      expect(fresh.offsets()).toEqual([10 * BLOCK_SIZE, 11 * BLOCK_SIZE]);
      expect(source.rowAt(10 * BLOCK_SIZE)).toBe(`old-${10 * BLOCK_SIZE}`);
      expect(source.total).toBe(100 * BLOCK_SIZE);

      answer(fresh.calls[0], 5000, 'new');
      answer(fresh.calls[1], 5000, 'new');
      await settle();
      expect(source.rowAt(10 * BLOCK_SIZE)).toBe(`new-${10 * BLOCK_SIZE}`);
      expect(source.rowAt(11 * BLOCK_SIZE + 5)).toBe(`new-${11 * BLOCK_SIZE + 5}`);
      expect(source.total).toBe(5000);
    });

    it('refetches kept blocks outside the view when they scroll back in, not before', async () => {
      const { source } = await loaded();
      const fresh = manualFetcher();
      source.invalidate(fresh.fetch);
      answer(fresh.calls[0], 100 * BLOCK_SIZE, 'new');
      answer(fresh.calls[1], 100 * BLOCK_SIZE, 'new');
      await settle();
      expect(fresh.offsets()).not.toContain(0);
      expect(source.rowAt(0)).toBe('old-0');

      source.ensure(0, 50);
      expect(fresh.offsets()).toContain(0);
      answer(fresh.calls[2], 100 * BLOCK_SIZE, 'new');
      await settle();
      expect(source.rowAt(0)).toBe('new-0');
    });

    it('ignores answers that were on their way before the change', async () => {
      const { source, old, total } = await loaded();
      source.ensure(12 * BLOCK_SIZE, 12 * BLOCK_SIZE + 10); // block 12 requested with the old data
      const fresh = manualFetcher();
      source.invalidate(fresh.fetch);
      expect(fresh.offsets()).toEqual([12 * BLOCK_SIZE]); // asked again, not left to the stale request

      answer(old.calls[3], total, 'old');
      await settle();
      expect(source.rowAt(12 * BLOCK_SIZE)).toBeUndefined();
      expect(source.loading).toBe(true);
      answer(fresh.calls[0], total, 'new');
      await settle();
      expect(source.rowAt(12 * BLOCK_SIZE)).toBe(`new-${12 * BLOCK_SIZE}`);
      expect(source.loading).toBe(false);
    });
  });

  describe('errors', () => {
    it("shows core's sentence, and an empty list when nothing was loaded yet", async () => {
      const source = new PagedSource<string>();
      const { fetch, calls } = manualFetcher();
      source.reset(fetch);
      calls[0]?.reject(new VppClientError('CACHE_CORRUPT', 'The cache could not be read.'));
      await settle();
      expect(source.error).toBe('The cache could not be read.');
      expect(source.total).toBe(0);
      expect(source.loading).toBe(false);
    });

    it('never shows a raw exception', async () => {
      const source = new PagedSource<string>();
      const { fetch, calls } = manualFetcher();
      source.reset(fetch);
      calls[0]?.reject(new TypeError("Cannot read properties of undefined (reading 'rows')"));
      await settle();
      expect(source.error).toBe('Something went wrong inside VPP Desk.');
    });

    it('keeps rows and total already shown when a later block fails', async () => {
      const source = new PagedSource<string>();
      const { fetch, calls } = manualFetcher();
      source.reset(fetch);
      answer(calls[0], 1000);
      await settle();
      source.ensure(0, 300);
      calls[1]?.reject(new VppClientError('INTERNAL', 'VPP Desk did not answer.'));
      await settle();
      expect(source.error).toBe('VPP Desk did not answer.');
      expect(source.total).toBe(1000);
      expect(source.rowAt(5)).toBe('row-5');
    });

    it('"Try again" refetches the same query and clears the error once it answers', async () => {
      const source = new PagedSource<string>();
      const { fetch, calls } = manualFetcher();
      source.reset(fetch);
      calls[0]?.reject(new VppClientError('INTERNAL', 'VPP Desk did not answer.'));
      await settle();

      source.retry();
      expect(calls.map((c) => c.offset)).toEqual([0, 0]);
      answer(calls[1], 30);
      await settle();
      expect(source.error).toBeNull();
      expect(source.total).toBe(30);
      expect(source.rowAt(29)).toBe('row-29');
    });

    it('"Try again" before any query does nothing', () => {
      const source = new PagedSource<string>();
      expect(() => source.retry()).not.toThrow();
      expect(source.loading).toBe(false);
    });
  });

  describe('subscription (for useSyncExternalStore)', () => {
    it('notifies on reset and on each answer of the current query, with a new snapshot each time', async () => {
      const source = new PagedSource<string>();
      const listener = vi.fn();
      source.subscribe(listener);
      const { fetch, calls } = manualFetcher();
      const v0 = source.getSnapshot();

      source.reset(fetch);
      expect(listener).toHaveBeenCalledTimes(1);
      const v1 = source.getSnapshot();
      expect(v1).not.toBe(v0);

      answer(calls[0], 500);
      await settle();
      expect(listener).toHaveBeenCalledTimes(2);
      expect(source.getSnapshot()).not.toBe(v1);
    });

    it('stays quiet about answers to a replaced query, and after unsubscribing', async () => {
      const source = new PagedSource<string>();
      const listener = vi.fn();
      const unsubscribe = source.subscribe(listener);
      const first = manualFetcher();
      const second = manualFetcher();
      source.reset(first.fetch);
      source.reset(second.fetch);
      listener.mockClear();

      answer(first.calls[0], 10);
      await settle();
      expect(listener).not.toHaveBeenCalled();

      unsubscribe();
      answer(second.calls[0], 10);
      await settle();
      expect(listener).not.toHaveBeenCalled();
      expect(source.total).toBe(10);
    });
  });
});
