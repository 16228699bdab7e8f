/**
 * The one way the CLI prints a listing (an aligned table under a header) and
 * a date. `--json` and `--csv` never pass through here: scripts read those.
 */

export type Cell = string | number | null | undefined;

export interface Column<R> {
  /** The row's JSON key where there is one, so a reader can map a column to `--json`. */
  header: string;
  cell: (row: R) => Cell;
  /** Widest the column grows; longer cells are cut with "…". */
  max?: number;
}

const DEFAULT_MAX = 40;
const GAP = '  ';

/** A cell on one line: a newline or tab inside a message would break the table. */
function text(value: Cell): string {
  return value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ');
}

function cut(value: string, width: number): string {
  return value.length <= width ? value : `${value.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Header and rows, each column as wide as its content up to its cap; a column
 * whose every cell is a number is right-aligned (so digits line up). No rows
 * prints `empty` alone, e.g. "(no devices)".
 */
export function table<R>(rows: readonly R[], columns: ReadonlyArray<Column<R>>, empty: string): string[] {
  if (rows.length === 0) return [empty];
  const raw = rows.map((row) => columns.map((c) => c.cell(row)));
  const cells = raw.map((r) => r.map(text));
  const numeric = columns.map((_, i) =>
    raw.every((r) => r[i] === null || r[i] === undefined || typeof r[i] === 'number'),
  );
  const widths = columns.map((c, i) =>
    Math.max(c.header.length, Math.min(c.max ?? DEFAULT_MAX, Math.max(0, ...cells.map((r) => (r[i] ?? '').length)))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] ?? 0;
        const shown = cut(v, width);
        return numeric[i] ? shown.padStart(width) : shown.padEnd(width);
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map((r) => line(r))];
}

/**
 * Every date the CLI prints: "2026-11-30 14:05 UTC". Said in UTC so admins and
 * scripts in different time zones read the same time; minutes are enough for a
 * person (`--json` keeps the full ISO time). Null prints `none`.
 */
export function formatDate(iso: string | null | undefined, none = '—'): string {
  if (iso === null || iso === undefined || iso === '') return none;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const s = date.toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)} UTC`;
}
