/**
 * Column widths for the virtual table. Each row is its own grid (rows are
 * virtualised), so CSS cannot size a column to its content across rows; we
 * do it here: every column gets its minimum, then spare width goes first to
 * columns whose measured content is wider than their minimum (ids, emails,
 * reasons: untruncated wherever the window has room), then to the growing
 * columns. When there is no spare width the minimums stand and the table
 * scrolls sideways behind its frozen first column.
 */

export interface ColumnSpec {
  /** Minimum width in px. */
  width: number;
  /** Share of whatever width is left once content is satisfied. */
  grow?: number;
  /** Measured width of the widest content seen, padding included. */
  content?: number;
}

/** Below this window width, low-priority columns start hidden (the admin can show them again). */
export const NARROW_WINDOW = 1200;

export function layoutColumns(specs: readonly ColumnSpec[], available: number): number[] {
  const widths = specs.map((c) => c.width);
  let free = available - widths.reduce((a, b) => a + b, 0);
  if (free <= 0) return widths;

  const wants = specs.map((c) => Math.max(0, (c.content ?? 0) - c.width));
  const wanted = wants.reduce((a, b) => a + b, 0);
  if (wanted > 0) {
    const share = Math.min(1, free / wanted);
    wants.forEach((want, i) => (widths[i] = (widths[i] ?? 0) + Math.floor(want * share)));
    free -= wants.reduce((sum, want) => sum + Math.floor(want * share), 0);
  }

  const growth = specs.reduce((sum, c) => sum + (c.grow ?? 0), 0);
  if (free > 0 && growth > 0) {
    specs.forEach((c, i) => (widths[i] = (widths[i] ?? 0) + Math.floor((free * (c.grow ?? 0)) / growth)));
  }
  return widths;
}

/** Which columns show: the first always; others by the admin's choice, else hidden when narrow and low priority. */
export function visibleColumnIds(
  columns: ReadonlyArray<{ id: string; priority?: 'low' }>,
  chosen: Readonly<Record<string, boolean>>,
  narrow: boolean,
): string[] {
  return columns.filter((c, i) => i === 0 || (chosen[c.id] ?? !(narrow && c.priority === 'low'))).map((c) => c.id);
}
