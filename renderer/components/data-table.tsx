/**
 * The one virtual table every list page uses. Only the rows on screen exist
 * in the DOM and only nearby blocks are fetched (PagedSource), so 200,000
 * rows scroll like 200. ARIA table roles with row counts and indexes keep it
 * readable by screen readers; sorting is done by core through sortBy.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import { Button } from './button';
import { Icon } from './icons';
import { InlineError } from './inline-error';
import type { PagedSource } from '../lib/paged-source';
import type { Sort } from '../lib/selection-types';

export interface Column<Row> {
  id: string;
  header: string;
  /** Minimum width in px; with grow the column also takes a share of spare width. */
  width: number;
  grow?: number;
  align?: 'start' | 'end';
  /** The row field core sorts by; absent means the column is not sortable. */
  sortKey?: string;
  cell: (row: Row) => ReactNode;
}

interface Props<Row> {
  label: string;
  source: PagedSource<Row>;
  columns: Array<Column<Row>>;
  sort: Sort;
  onSort: (sort: Sort) => void;
  rowClass?: (row: Row) => string;
  empty: ReactNode;
  testId?: string;
}

export const ROW_HEIGHT = 38;
const HEADER_HEIGHT = 36;
/** Rows fetched beyond the visible ones, so a flick of the wheel finds them ready. */
const FETCH_MARGIN = 120;

export function DataTable<Row>({ label, source, columns, sort, onSort, rowClass, empty, testId }: Props<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = source.total ?? 0;

  // TanStack Virtual keeps its own mutable state; it is the documented way to use it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    source.ensure(Math.max(0, first - FETCH_MARGIN), last + FETCH_MARGIN);
  }, [first, last, total, source]);

  const resets = source.resets;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [resets]);

  const template = columns.map((c) => (c.grow ? `minmax(${c.width}px, ${c.grow}fr)` : `${c.width}px`)).join(' ');
  const minWidth = columns.reduce((sum, c) => sum + c.width, 0);
  const gridStyle = { '--cols': template, '--min-width': `${minWidth}px` } as CSSProperties;
  const firstLoad = source.total === null;
  const showEmpty = !firstLoad && total === 0 && !source.error;

  return (
    <div
      ref={scrollRef}
      className="table"
      role="table"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-busy={source.loading || undefined}
      tabIndex={0}
      style={gridStyle}
      data-testid={testId}
    >
      <div className="tr thead" role="row" aria-rowindex={1}>
        {columns.map((c) => (
          <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
        ))}
      </div>
      {source.error ? (
        <div className="table-message">
          <InlineError message={source.error} />
          <Button size="sm" icon="retry" onClick={() => source.retry()}>
            Try again
          </Button>
        </div>
      ) : null}
      {showEmpty ? <div className="table-message">{empty}</div> : null}
      {firstLoad ? (
        <div role="rowgroup">
          {Array.from({ length: 8 }, (_, i) => (
            <SkeletonRow key={i} columns={columns} />
          ))}
        </div>
      ) : (
        <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize() - HEADER_HEIGHT }}>
          {items.map((item) => {
            const row = source.rowAt(item.index);
            return (
              <div
                key={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                className={`tr${row && rowClass ? ` ${rowClass(row)}` : ''}${item.index % 2 ? ' is-odd' : ''}`}
                style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
              >
                {row ? (
                  columns.map((c) => (
                    <div key={c.id} role="cell" className={`td${c.align === 'end' ? ' align-end' : ''}`}>
                      {c.cell(row)}
                    </div>
                  ))
                ) : (
                  <SkeletonCells columns={columns} />
                )}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

function HeaderCell<Row>({ column, sort, onSort }: { column: Column<Row>; sort: Sort; onSort: (s: Sort) => void }) {
  const active = column.sortKey !== undefined && sort.by === column.sortKey;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : column.sortKey ? 'none' : undefined;
  const className = `th${column.align === 'end' ? ' align-end' : ''}`;
  if (!column.sortKey) {
    return (
      <div role="columnheader" className={className}>
        <span className="th-label">{column.header}</span>
      </div>
    );
  }
  const key = column.sortKey;
  return (
    <div role="columnheader" className={className} aria-sort={ariaSort}>
      <button
        type="button"
        className={`th-sort${active ? ' is-active' : ''}`}
        onClick={() => onSort({ by: key, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
        title={`Sort by ${column.header.toLowerCase()}`}
      >
        <span className="th-label">{column.header}</span>
        {active ? <Icon name={sort.dir === 'asc' ? 'arrowUp' : 'arrowDown'} size={12} /> : null}
      </button>
    </div>
  );
}

function SkeletonCells<Row>({ columns }: { columns: Array<Column<Row>> }) {
  return (
    <>
      {columns.map((c) => (
        <div key={c.id} role="cell" className={`td${c.align === 'end' ? ' align-end' : ''}`}>
          <span className="skeleton" aria-hidden="true" />
        </div>
      ))}
    </>
  );
}

function SkeletonRow<Row>({ columns }: { columns: Array<Column<Row>> }) {
  return (
    <div role="row" className="tr is-static" aria-hidden="true">
      <SkeletonCells columns={columns} />
    </div>
  );
}
