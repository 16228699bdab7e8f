/**
 * Which page is showing, mirrored in the URL hash so a reload (or the
 * preview host in a browser) lands on the same page.
 */
import { create } from 'zustand';

export const PAGES = [
  'token',
  'apps',
  'users',
  'deployments',
  'activity',
  'devices',
  'reclaim',
  'app',
  'holder',
  'overview',
  'report',
] as const;
export type PageId = (typeof PAGES)[number];

interface NavState {
  page: PageId;
  go(page: PageId): void;
}

function pageFromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return (PAGES as readonly string[]).includes(id) ? (id as PageId) : 'token';
}

export const useNavStore = create<NavState>((set) => ({
  page: pageFromHash(),
  go: (page) => {
    if (window.location.hash !== `#/${page}`) window.history.replaceState(null, '', `#/${page}`);
    set({ page });
  },
}));
