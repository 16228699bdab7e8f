/**
 * Which table columns the admin chose to show or hide, per table, kept for
 * the session so leaving a page and coming back keeps the choice. Absent
 * means "the default for this window width".
 */
import { create } from 'zustand';

interface ColumnState {
  chosen: Record<string, Record<string, boolean>>;
  choose(table: string, column: string, visible: boolean): void;
}

export const useColumnStore = create<ColumnState>((set) => ({
  chosen: {},
  choose: (table, column, visible) =>
    set((s) => ({ chosen: { ...s.chosen, [table]: { ...s.chosen[table], [column]: visible } } })),
}));
