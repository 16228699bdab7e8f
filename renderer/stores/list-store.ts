/**
 * The search box, its debounced value and the sort of a list page, kept
 * per page in zustand so leaving and coming back restores them.
 */
import { create } from 'zustand';
import type { Sort } from '../lib/selection-types';
import type { PageId } from '../stores/nav-store';

interface ListState {
  search: Record<string, string>;
  sort: Record<string, Sort>;
  setSearch(page: PageId, value: string): void;
  setSort(page: PageId, sort: Sort): void;
}

export const useListStore = create<ListState>((set) => ({
  search: {},
  sort: {},
  setSearch: (page, value) => set((s) => ({ search: { ...s.search, [page]: value } })),
  setSort: (page, sort) => set((s) => ({ sort: { ...s.sort, [page]: sort } })),
}));
