/**
 * Keeps the window in step with main: loads state once, then listens for
 * state:changed (token, sync, deployments, connectivity) and sync progress.
 * A slow timer and window focus refresh "last synced" and days left, which
 * change with the clock rather than with events.
 */
import { useEffect } from 'react';
import { api } from '../api';
import { useAppStore } from '../stores/app-store';

const CLOCK_REFRESH_MS = 60_000;

export function useLiveState(): void {
  useEffect(() => {
    const store = useAppStore.getState;
    void store().refresh();
    let offState: (() => void) | undefined;
    let offProgress: (() => void) | undefined;
    try {
      offState = api.onStateChanged(() => {
        store().dataChanged();
        void store().refresh();
      });
      offProgress = api.onSyncProgress((progress) => {
        const wasRunning = store().progress?.running ?? false;
        store().setProgress(progress);
        // The end of a sync started elsewhere (tray, schedule, CLI) also refreshes.
        if (wasRunning && !progress.running) {
          store().dataChanged();
          void store().refresh();
        }
      });
    } catch {
      // No bridge: refresh() has already recorded the fatal error to show.
    }
    const timer = window.setInterval(() => void store().refresh(), CLOCK_REFRESH_MS);
    const onFocus = () => void store().refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      offState?.();
      offProgress?.();
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, []);
}
