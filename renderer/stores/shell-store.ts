/**
 * Whether the sidebar is collapsed to icons. null follows the window: a
 * narrow window (below NARROW_WINDOW px) starts collapsed so the pages get
 * the width; once the admin toggles it, their choice holds.
 */
import { create } from 'zustand';

interface ShellState {
  sidebarCollapsed: boolean | null;
  setSidebarCollapsed(collapsed: boolean): void;
}

export const useShellStore = create<ShellState>((set) => ({
  sidebarCollapsed: null,
  setSidebarCollapsed: (collapsed) => set({ sidebarCollapsed: collapsed }),
}));
