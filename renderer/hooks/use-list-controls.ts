/** Search text (live and debounced) and sort for one list page, remembered across navigation. */
import { useListStore } from '../stores/list-store';
import { useDebounced } from './use-debounced';
import type { Sort } from '../lib/selection-types';
import type { PageId } from '../stores/nav-store';

export function useListControls(page: PageId, defaultSort: Sort) {
  const search = useListStore((s) => s.search[page] ?? '');
  const sort = useListStore((s) => s.sort[page] ?? defaultSort);
  const setSearchFor = useListStore((s) => s.setSearch);
  const setSortFor = useListStore((s) => s.setSort);
  const debounced = useDebounced(search.trim(), 200);
  return {
    search,
    debouncedSearch: debounced,
    setSearch: (value: string) => setSearchFor(page, value),
    sort,
    setSort: (value: Sort) => setSortFor(page, value),
  };
}
