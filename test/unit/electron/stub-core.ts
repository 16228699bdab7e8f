/**
 * A stub Core for the Electron seam: every handler is a vi.fn that fails
 * loudly unless a test gives it a value, and events are a real Emitter so
 * tests can push 'sync:progress', 'state:changed' and 'notify'.
 */
import { vi, type Mock } from 'vitest';
import { Emitter } from '../../../electron/core/base/emitter';
import { CHANNELS, type Channel } from '../../../shared/contract';
import type { Core, Handlers, TrayState } from '../../../electron/core/app/handlers';
import type { TokenStatus } from '../../../shared/domain';

export type HandlerMocks = { [C in Channel]: Mock<Handlers[C]> };

export interface StubCore extends Core {
  handlers: HandlerMocks;
  events: Emitter;
  trayState: Mock<() => Promise<TrayState>>;
  start: Mock<() => Promise<void>>;
  stop: Mock<() => Promise<void>>;
}

export const TOKEN_STATUS: TokenStatus = {
  state: 'valid',
  label: 'Main',
  appleId: 'admin@example.com',
  orgName: 'Example School',
  locationName: 'Main Campus',
  countryCode: 'US',
  uId: '1234',
  expiresAt: '2027-03-01T12:00:00.000Z',
  daysLeft: 42,
  lastUpdatedAt: null,
  lastSyncAt: '2026-11-20T08:30:00.000Z',
};

export const TRAY_STATE: TrayState = {
  tokenState: 'valid',
  tokenDaysLeft: 42,
  lastSyncAt: '2026-11-20T08:30:00.000Z',
  nextSyncAt: null,
  progress: { running: false, phase: 'idle', pagesDone: 0, pagesTotal: 0 },
  lowStock: [],
};

export function stubCore(): StubCore {
  const notStubbed = (channel: Channel) => async (): Promise<never> => {
    throw new Error(`stub core: ${channel} was not expected to be called`);
  };
  // fromEntries loses the per-channel key types; each entry is built for its own channel.
  const handlers = Object.fromEntries(CHANNELS.map((c) => [c, vi.fn(notStubbed(c))])) as unknown as HandlerMocks;
  handlers['token:status'].mockResolvedValue(TOKEN_STATUS);
  handlers['sync:now'].mockResolvedValue({
    mode: 'incremental',
    assets: 3,
    users: 10,
    assignments: 12,
    durationMs: 150,
  });
  return {
    handlers,
    events: new Emitter(),
    trayState: vi.fn(async () => TRAY_STATE),
    namesPending: vi.fn(() => 0),
    start: vi.fn(async () => {}),
    stop: vi.fn(async () => {}),
  };
}
