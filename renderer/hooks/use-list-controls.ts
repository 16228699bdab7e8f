/** Search text (live and debounced) and sort for one list page, remembered across navigation. */
import type { Sort } from '../components/data-table';
import { useListStore } from '../stores/list-store';
import type { PageId } from '../stores/nav-store';
import { useDebounced } from './use-debounced';

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
