/**
 * The one virtual table every list page uses. Only the rows on screen exist
 * in the DOM and only nearby blocks are fetched (PagedSource), so 200,000
 * rows scroll like 200. ARIA table roles with row counts and indexes keep it
 * readable by screen readers; sorting is done by core through sortBy.
 * At any window size: the first column stays put when scrolling sideways,
 * low-priority columns hide in a narrow window (the column chooser brings
 * them back), and columns widen to their content where there is room.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useMedia } from '../hooks/use-media';
import { layoutColumns, NARROW_WINDOW, visibleColumnIds } from '../lib/column-layout';
import { measureText, tableFont } from '../lib/measure-text';
import { useColumnStore } from '../stores/column-store';
import { Button } from './button';
import { ColumnChooser } from './column-chooser';
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
  /** 'low': hidden by default below NARROW_WINDOW px; the column chooser shows it again. */
  priority?: 'low';
  /** The cell's text, to size the column to its content when there is room. */
  fit?: (row: Row) => string;
  /** The fitted text is drawn in the monospace font. */
  mono?: boolean;
  /** Width in px beside the fitted text (a button in the cell). */
  fitExtra?: number;
}

/** Room at the end of every row for the column chooser in the header's corner. */
const CHOOSER_GUTTER = 36;
/** Cell padding plus room for a sort arrow. */
const CELL_PAD = 24;
const HEADER_PAD = 40;

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

export function DataTable<Row>({
  label,
  source,
  columns: allColumns,
  sort,
  onSort,
  rowClass,
  empty,
  testId,
}: Props<Row>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = source.total ?? 0;
  const narrow = useMedia(`(max-width: ${NARROW_WINDOW - 1}px)`);
  const chosen = useColumnStore((s) => s.chosen[label]);
  const choose = useColumnStore((s) => s.choose);
  const shownIds = useMemo(
    () => new Set(visibleColumnIds(allColumns, chosen ?? {}, narrow)),
    [allColumns, chosen, narrow],
  );
  const columns = allColumns.filter((c) => shownIds.has(c.id));
  const [available, setAvailable] = useState(0);
  const [content, setContent] = useState<Record<string, number>>({});

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setAvailable(el.clientWidth - CHOOSER_GUTTER);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

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
    setContent({});
  }, [resets]);

  // The widest content seen so far in each column (headers included), so
  // widths only grow while scrolling and do not jump back and forth.
  useEffect(() => {
    const body = tableFont('body');
    const mono = tableFont('mono');
    const header = tableFont('header');
    setContent((prev) => {
      let next = prev;
      for (const c of allColumns) {
        let widest = prev[c.id] ?? measureText(c.header, header) + HEADER_PAD;
        if (c.fit) {
          for (let i = first; i <= last; i++) {
            const row = source.rowAt(i);
            if (row)
              widest = Math.max(widest, measureText(c.fit(row), c.mono ? mono : body) + CELL_PAD + (c.fitExtra ?? 0));
          }
        }
        if (widest !== prev[c.id]) next = { ...next, [c.id]: widest };
      }
      return next;
    });
  }, [first, last, total, source, allColumns]);

  const widths = layoutColumns(
    columns.map((c) => ({ width: c.width, grow: c.grow, content: content[c.id] })),
    available,
  );
  const template = widths.map((w) => `${w}px`).join(' ');
  const minWidth = widths.reduce((sum, w) => sum + w, 0) + CHOOSER_GUTTER;
  const gridStyle = { '--cols': template, '--min-width': `${minWidth}px` } as CSSProperties;
  const firstLoad = source.total === null;
  const showEmpty = !firstLoad && total === 0 && !source.error;

  return (
    <div className="table-frame">
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
      <ColumnChooser
        table={label}
        columns={allColumns}
        visible={shownIds}
        onChoose={(column, visible) => choose(label, column, visible)}
      />
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
