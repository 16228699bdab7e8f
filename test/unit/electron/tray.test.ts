import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createTray, type AppTray } from '../../../electron/tray';
import { tokenLabel, trayTooltip, type TrayView } from '../../../electron/tray-view';
import { VppError } from '../../../shared/errors';
import { fakeElectron, type Tray } from '../../fakes/electron';
import { stubCore, TRAY_STATE, type StubCore } from './stub-core';

describe('tray', () => {
  let core: StubCore;
  let appTray: AppTray;
  let tray: Tray;
  const actions = { openWindow: vi.fn(), quit: vi.fn(), notify: vi.fn() };

  beforeEach(async () => {
    fakeElectron.reset();
    vi.clearAllMocks();
    core = stubCore();
    appTray = createTray(core, { icon: '/icons/tray.png', ...actions, platform: 'win32' });
    await appTray.refresh();
    tray = fakeElectron.lastTray();
  });

  const labels = () => tray.contextMenu?.items.map((i) => i.label ?? i.type) ?? [];

  it('shows sync, last sync, token expiry, open and quit', () => {
    expect(labels()).toEqual([
      'Sync now',
      expect.stringMatching(/^Last synced: .*2026/),
      expect.stringMatching(/^Token expires: .*2027 \(42 days\)$/),
      'separator',
      'Open VPP Desk',
      'Quit',
    ]);
    expect(tray.item('Sync now')?.enabled).toBe(true);
    expect(tray.tooltip).toMatch(/Last synced/);
  });

  it('"Sync now" runs an incremental sync through core', async () => {
    tray.item('Sync now')?.click?.();
    await vi.waitFor(() => expect(core.handlers['sync:now']).toHaveBeenCalledWith({ full: false, from: 'tray' }));
    expect(actions.notify).not.toHaveBeenCalled();
  });

  it('tells the admin when a tray sync fails', async () => {
    core.handlers['sync:now'].mockRejectedValueOnce(new VppError('SYNC_RUNNING'));
    tray.item('Sync now')?.click?.();
    await vi.waitFor(() =>
      expect(actions.notify).toHaveBeenCalledWith({ title: 'Sync failed', body: 'A sync is already running.' }),
    );
  });

  it('shows progress in the tooltip and disables "Sync now" while syncing', async () => {
    core.events.emit('sync:progress', { running: true, phase: 'assets', pagesDone: 3, pagesTotal: 10 });
    expect(tray.tooltip).toBe('VPP Desk: syncing assets, 3/10 pages');
    const syncItem = tray.contextMenu?.items[0];
    expect(syncItem?.label).toBe('Syncing assets… (3/10)');
    expect(syncItem?.enabled).toBe(false);

    core.trayState.mockResolvedValue({ ...TRAY_STATE, lastSyncAt: '2026-11-24T09:00:00.000Z' });
    core.events.emit('sync:progress', { running: false, phase: 'idle', pagesDone: 10, pagesTotal: 10 });
    await vi.waitFor(() => expect(tray.item('Sync now')?.enabled).toBe(true));
    expect(core.trayState.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('re-reads state when core says it changed', async () => {
    core.trayState.mockResolvedValue({ ...TRAY_STATE, tokenState: 'none', tokenDaysLeft: null });
    core.events.emit('state:changed', { reason: 'token' });
    await vi.waitFor(() => expect(tray.item('No VPP token')).toBeDefined());
    // Nothing to sync without a token.
    expect(tray.contextMenu?.items[0]?.enabled).toBe(false);
  });

  it('shows a low-stock line that opens the window, and drops it once no app is low', async () => {
    expect(tray.item('⚠')).toBeUndefined();
    core.trayState.mockResolvedValue({ ...TRAY_STATE, lowStock: ['Canva'] });
    core.events.emit('state:changed', { reason: 'sync' });
    await vi.waitFor(() => expect(tray.item('⚠ Low on licenses: Canva')).toBeDefined());
    expect(labels().indexOf('⚠ Low on licenses: Canva')).toBeLessThan(labels().indexOf('separator'));
    expect(tray.tooltip).toContain('Low on licenses: Canva');
    tray.item('⚠ Low on licenses')?.click?.();
    expect(actions.openWindow).toHaveBeenCalledTimes(1);

    core.trayState.mockResolvedValue({ ...TRAY_STATE, lowStock: ['Canva', 'Pages', 'Keynote'] });
    core.events.emit('state:changed', { reason: 'sync' });
    await vi.waitFor(() => expect(tray.item('⚠ Low on licenses: 3 apps')).toBeDefined());

    core.trayState.mockResolvedValue(TRAY_STATE);
    core.events.emit('state:changed', { reason: 'sync' });
    await vi.waitFor(() => expect(tray.item('⚠')).toBeUndefined());
    expect(tray.tooltip).not.toContain('Low on licenses');
  });

  it('badges the macOS menu-bar icon with how many apps are low', async () => {
    core.trayState.mockResolvedValue({ ...TRAY_STATE, lowStock: ['Canva', 'Pages'] });
    const mac = createTray(core, { icon: '/icons/tray.png', ...actions, platform: 'darwin' });
    await mac.refresh();
    const macTray = fakeElectron.lastTray();
    expect(macTray.title).toBe('⚠ 2');
    core.trayState.mockResolvedValue(TRAY_STATE);
    await mac.refresh();
    expect(macTray.title).toBe('');
    // Elsewhere the menu line and tooltip carry it; the title stays unused.
    expect(tray.title).toBe('');
    mac.destroy();
  });

  it('opens the window and quits from the menu and icon', () => {
    tray.item('Open VPP Desk')?.click?.();
    tray.emit('click');
    tray.item('Quit')?.click?.();
    expect(actions.openWindow).toHaveBeenCalledTimes(2);
    expect(actions.quit).toHaveBeenCalledTimes(1);
  });

  it('stops listening when destroyed', () => {
    appTray.destroy();
    expect(tray.isDestroyed()).toBe(true);
    const before = tray.tooltip;
    core.events.emit('sync:progress', { running: true, phase: 'users', pagesDone: 1, pagesTotal: 2 });
    expect(tray.tooltip).toBe(before);
  });
});

describe('tray wording', () => {
  const view: TrayView = { ...TRAY_STATE, tokenExpiresAt: null };

  it('words each token state', () => {
    expect(tokenLabel({ ...view, tokenDaysLeft: 1 })).toBe('Token expires in 1 day');
    expect(tokenLabel({ ...view, tokenState: 'expired', tokenExpiresAt: '2026-01-02T00:00:00Z' })).toMatch(
      /^Token expired: .*2026/,
    );
    expect(tokenLabel({ ...view, tokenState: 'revoked' })).toBe('Token revoked by Apple');
    expect(tokenLabel({ ...view, tokenState: 'invalid' })).toBe('Token invalid');
  });

  it('says "never" before the first sync and shows phases without page counts', () => {
    expect(trayTooltip({ ...view, lastSyncAt: null })).toContain('Last synced: never');
    expect(trayTooltip({ ...view, progress: { running: true, phase: 'config', pagesDone: 0, pagesTotal: 0 } })).toBe(
      'VPP Desk: syncing config',
    );
  });
});
