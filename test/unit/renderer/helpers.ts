/**
 * The renderer reaches main only through `window.vpp`; these build the
 * smallest stand-in for it (the methods a test needs, nothing else) and the
 * plain rows core would send.
 */
import { vi } from 'vitest';
import type { VppApi } from '../../../shared/api';
import type { Envelope } from '../../../shared/contract';
import type { AppInfo, DeploymentRow, SyncProgress, SyncStatus, TokenStatus } from '../../../shared/domain';

export function ok<T>(value: T): Promise<Envelope<T>> {
  return Promise.resolve({ ok: true, value });
}

export function fail(code: string, message: string): Promise<Envelope<never>> {
  return Promise.resolve({ ok: false, error: { code, message } });
}

/** Installs `window.vpp` with only the given methods; vi.unstubAllGlobals() removes it. */
export function stubVpp(methods: Partial<VppApi>): void {
  vi.stubGlobal('window', { vpp: methods });
}

export function tokenStatus(patch: Partial<TokenStatus> = {}): TokenStatus {
  return {
    state: 'valid',
    label: 'Main',
    appleId: 'admin@example.com',
    orgName: 'Example School',
    locationName: 'Main campus',
    countryCode: 'US',
    uId: '123',
    expiresAt: '2026-01-01T00:00:00.000Z',
    daysLeft: 200,
    lastUpdatedAt: null,
    lastSyncAt: null,
    ...patch,
  };
}

export function appInfo(patch: Partial<AppInfo> = {}): AppInfo {
  return { version: '0.1.0', transport: 'electron', demo: false, online: true, dataAsOf: null, notices: [], ...patch };
}

export const IDLE: SyncProgress = { running: false, phase: 'idle', pagesDone: 0, pagesTotal: 0 };

export function syncStatus(patch: Partial<SyncStatus> = {}): SyncStatus {
  return { progress: IDLE, lastSyncAt: null, nextSyncAt: null, intervalHours: 12, paused: null, history: [], ...patch };
}

export function deploymentRow(patch: Partial<DeploymentRow> = {}): DeploymentRow {
  return {
    adamId: '361309726',
    pricingParam: 'STDQ',
    appName: 'Pages',
    clientUserId: 'user-0001',
    email: null,
    action: 'required',
    state: 'assigned',
    termsStatus: 'accepted',
    reason: null,
    updatedAt: '2024-05-01T10:00:00.000Z',
    ...patch,
  };
}
