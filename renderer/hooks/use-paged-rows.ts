/**
 * Binds a PagedSource to a query: a changed query (search, sort, filters)
 * starts over at the top; a changed dataVersion (sync finished, deployment
 * ran) refetches in place so the list does not jump.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { PagedSource, type Page } from '../lib/paged-source';

export function usePagedRows<Q extends object, Row>(
  fetchFn: (query: Q & { offset: number; limit: number }) => Promise<Page<Row>>,
  query: Q,
  dataVersion: number,
): PagedSource<Row> {
  const [source] = useState(() => new PagedSource<Row>());
  useSyncExternalStore(source.subscribe, source.getSnapshot);
  const key = JSON.stringify(query);
  const last = useRef<string | null>(null);

  useEffect(() => {
    const parsed = JSON.parse(key) as Q;
    const fetchWindow = (offset: number, limit: number) => fetchFn({ ...parsed, offset, limit });
    const sameQuery = last.current === key;
    last.current = key;
    if (sameQuery) source.invalidate(fetchWindow);
    else source.reset(fetchWindow);
  }, [key, dataVersion, fetchFn, source]);

  return source;
}
