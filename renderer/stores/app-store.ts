/**
 * What the whole window shows about the install: connection, token, sync.
 * Refreshed on start, on every state:changed event from main and when a
 * sync ends; pages watch dataVersion to refetch their rows.
 */
import { create } from 'zustand';
import { api, messageOf } from '../api';
import type { AppInfo, SyncProgress, SyncStatus, SyncSummary, TokenStatus } from '../../shared/domain';

interface AppState {
  loaded: boolean;
  /** Set when main could not be reached at all on start. */
  fatal: string | null;
  info: AppInfo | null;
  token: TokenStatus | null;
  sync: SyncStatus | null;
  progress: SyncProgress | null;
  /** Our own Sync now request is in flight (progress events may lag behind it). */
  syncRequested: boolean;
  syncError: string | null;
  /** Bumped whenever cached rows may have changed. */
  dataVersion: number;
  refresh(): Promise<void>;
  /** The summary, or null when it failed (syncError says why) or one was already running. */
  syncNow(): Promise<SyncSummary | null>;
  setProgress(progress: SyncProgress): void;
  dataChanged(): void;
  clearSyncError(): void;
}

let refreshing: Promise<void> | null = null;

export const useAppStore = create<AppState>((set, get) => ({
  loaded: false,
  fatal: null,
  info: null,
  token: null,
  sync: null,
  progress: null,
  syncRequested: false,
  syncError: null,
  dataVersion: 0,

  refresh: () => {
    // Events arrive in bursts (token + sync); one round trip answers them all.
    refreshing ??= (async () => {
      try {
        const [info, token, sync] = await Promise.all([api.getAppInfo(), api.getTokenStatus(), api.getSyncStatus()]);
        set({ info, token, sync, loaded: true, fatal: null, progress: get().progress ?? sync.progress });
      } catch (err) {
        if (!get().loaded) set({ fatal: messageOf(err) });
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  },

  syncNow: async () => {
    if (get().syncRequested) return null;
    set({ syncRequested: true, syncError: null });
    try {
      return await api.syncNow({ full: false });
    } catch (err) {
      set({ syncError: messageOf(err) });
      return null;
    } finally {
      set((s) => ({ syncRequested: false, dataVersion: s.dataVersion + 1 }));
      await get().refresh();
    }
  },

  setProgress: (progress) => set({ progress }),
  dataChanged: () => set((s) => ({ dataVersion: s.dataVersion + 1 })),
  clearSyncError: () => set({ syncError: null }),
}));
