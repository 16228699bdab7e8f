import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../../renderer/stores/app-store';
import { appInfo, fail, IDLE, ok, stubVpp, syncStatus, tokenStatus } from './helpers';
import type { VppApi } from '../../../shared/api';
import type { SyncProgress, SyncSummary } from '../../../shared/domain';

const INITIAL = useAppStore.getState();
const SUMMARY: SyncSummary = { mode: 'incremental', assets: 3, users: 10, assignments: 7, durationMs: 420 };
const RUNNING: SyncProgress = { running: true, phase: 'users', pagesDone: 2, pagesTotal: 5 };

/** window.vpp answering the three state calls refresh() makes; each call can be overridden. */
function stubState(overrides: Partial<VppApi> = {}) {
  const calls = {
    getAppInfo: vi.fn<VppApi['getAppInfo']>(() => ok(appInfo())),
    getTokenStatus: vi.fn<VppApi['getTokenStatus']>(() => ok(tokenStatus())),
    getSyncStatus: vi.fn<VppApi['getSyncStatus']>(() => ok(syncStatus())),
    syncNow: vi.fn<VppApi['syncNow']>(() => ok(SUMMARY)),
  };
  stubVpp({ ...calls, ...overrides });
  return calls;
}

beforeEach(() => {
  useAppStore.setState(INITIAL, true);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('app store: refresh', () => {
  it('loads connection, token and sync state together', async () => {
    stubState({
      getAppInfo: () => ok(appInfo({ online: false, dataAsOf: '2024-05-01T00:00:00.000Z' })),
      getTokenStatus: () => ok(tokenStatus({ state: 'expiring', daysLeft: 12 })),
    });
    await useAppStore.getState().refresh();
    const s = useAppStore.getState();
    expect(s.loaded).toBe(true);
    expect(s.fatal).toBeNull();
    expect(s.info?.online).toBe(false);
    expect(s.token?.state).toBe('expiring');
    expect(s.sync?.intervalHours).toBe(12);
    expect(s.progress).toEqual(IDLE);
  });

  it('answers a burst of refreshes with one round trip', async () => {
    const calls = stubState();
    const store = useAppStore.getState();
    await Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    expect(calls.getAppInfo).toHaveBeenCalledTimes(1);
    expect(calls.getTokenStatus).toHaveBeenCalledTimes(1);
    expect(calls.getSyncStatus).toHaveBeenCalledTimes(1);

    await store.refresh();
    expect(calls.getAppInfo).toHaveBeenCalledTimes(2);
  });

  it('keeps progress from sync events rather than the status snapshot', async () => {
    stubState({ getSyncStatus: () => ok(syncStatus({ progress: IDLE })) });
    useAppStore.getState().setProgress(RUNNING);
    await useAppStore.getState().refresh();
    expect(useAppStore.getState().progress).toEqual(RUNNING);
  });

  it('takes the progress from the status until an event has arrived', async () => {
    stubState({ getSyncStatus: () => ok(syncStatus({ progress: RUNNING })) });
    await useAppStore.getState().refresh();
    expect(useAppStore.getState().progress).toEqual(RUNNING);
  });

  it('shows a fatal error when main cannot be reached on start', async () => {
    stubState({ getTokenStatus: () => Promise.reject(new Error('channel closed')) });
    await useAppStore.getState().refresh();
    const s = useAppStore.getState();
    expect(s.loaded).toBe(false);
    expect(s.fatal).toBe('VPP Desk did not answer. Close the window and open it again.');
  });

  it('explains a window opened without VPP Desk behind it', async () => {
    vi.stubGlobal('window', {});
    await useAppStore.getState().refresh();
    expect(useAppStore.getState().fatal).toBe('This window was opened without VPP Desk behind it.');
  });

  it('keeps the last good state, without a fatal error, when a later refresh fails', async () => {
    stubState();
    await useAppStore.getState().refresh();
    stubState({ getAppInfo: () => fail('INTERNAL', 'Something broke.') });
    await useAppStore.getState().refresh();
    const s = useAppStore.getState();
    expect(s.fatal).toBeNull();
    expect(s.loaded).toBe(true);
    expect(s.token?.state).toBe('valid');
  });

  it('clears a fatal error once main answers', async () => {
    stubState({ getAppInfo: () => fail('INTERNAL', 'Not yet.') });
    await useAppStore.getState().refresh();
    expect(useAppStore.getState().fatal).toBe('Not yet.');
    stubState();
    await useAppStore.getState().refresh();
    expect(useAppStore.getState().fatal).toBeNull();
    expect(useAppStore.getState().loaded).toBe(true);
  });
});

describe('app store: syncNow', () => {
  it('runs an incremental sync, then bumps dataVersion and refreshes', async () => {
    const calls = stubState();
    const summary = await useAppStore.getState().syncNow();
    expect(summary).toEqual(SUMMARY);
    expect(calls.syncNow).toHaveBeenCalledWith({ full: false });
    const s = useAppStore.getState();
    expect(s.syncRequested).toBe(false);
    expect(s.syncError).toBeNull();
    expect(s.dataVersion).toBe(1);
    expect(calls.getAppInfo).toHaveBeenCalledTimes(1);
    expect(s.loaded).toBe(true);
  });

  it('marks the request as in flight, and ignores a second click meanwhile', async () => {
    let finish: (() => void) | undefined;
    const calls = stubState({
      syncNow: () =>
        new Promise((resolve) => {
          finish = () => resolve({ ok: true, value: SUMMARY });
        }),
    });
    const first = useAppStore.getState().syncNow();
    expect(useAppStore.getState().syncRequested).toBe(true);
    await expect(useAppStore.getState().syncNow()).resolves.toBeNull();

    finish?.();
    await expect(first).resolves.toEqual(SUMMARY);
    expect(useAppStore.getState().syncRequested).toBe(false);
    expect(useAppStore.getState().dataVersion).toBe(1);
    expect(calls.getAppInfo).toHaveBeenCalledTimes(1);
  });

  it("records core's sentence when the sync fails, still refreshing what is shown", async () => {
    const calls = stubState({ syncNow: () => fail('APPLE_UNAVAILABLE', 'Apple is not answering. Try again later.') });
    await expect(useAppStore.getState().syncNow()).resolves.toBeNull();
    const s = useAppStore.getState();
    expect(s.syncError).toBe('Apple is not answering. Try again later.');
    expect(s.syncRequested).toBe(false);
    expect(s.dataVersion).toBe(1);
    expect(calls.getSyncStatus).toHaveBeenCalledTimes(1);
  });

  it('clears the previous error when a new sync starts, and on request', async () => {
    stubState({ syncNow: () => fail('APPLE_UNAVAILABLE', 'Apple is not answering.') });
    await useAppStore.getState().syncNow();
    useAppStore.getState().clearSyncError();
    expect(useAppStore.getState().syncError).toBeNull();

    await useAppStore.getState().syncNow();
    expect(useAppStore.getState().syncError).toBe('Apple is not answering.');
    stubState();
    const next = useAppStore.getState().syncNow();
    expect(useAppStore.getState().syncError).toBeNull();
    await next;
    expect(useAppStore.getState().syncError).toBeNull();
  });
});

describe('app store: events', () => {
  it('dataChanged bumps dataVersion each time, so pages refetch', () => {
    useAppStore.getState().dataChanged();
    useAppStore.getState().dataChanged();
    expect(useAppStore.getState().dataVersion).toBe(2);
  });

  it('setProgress replaces the progress', () => {
    useAppStore.getState().setProgress(RUNNING);
    expect(useAppStore.getState().progress).toEqual(RUNNING);
    useAppStore.getState().setProgress(IDLE);
    expect(useAppStore.getState().progress).toEqual(IDLE);
  });
});
