// The application menu per platform: what the admin can reach, and no reload
// or devtools in the shipped app (Electron's default menu has both, so
// "no menu set" on Windows or Linux would bring them back).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { applyAppMenu } from '../../../electron/menu';
import { fakeElectron, type FakeMenuItemOptions } from '../../fakes/electron';

/** Every role and label in the menu, submenus included, as the admin would find them. */
function entries(items: readonly FakeMenuItemOptions[]): string[] {
  return items.flatMap((i) => [
    ...(i.role ? [`role:${i.role}`] : []),
    ...(i.label ? [`label:${i.label}`] : []),
    ...entries(i.submenu ?? []),
  ]);
}

const DEV_ONLY = /reload|forcereload|devtools|toggledevtools|viewmenu/i;

describe('application menu', () => {
  beforeEach(() => fakeElectron.reset());

  it('macOS: app, Edit, Window and Help › Export diagnostics; nothing for developers', () => {
    applyAppMenu('darwin', { exportDiagnostics: vi.fn() });
    const { set, menu } = fakeElectron.applicationMenu;
    expect(set).toBe(true);
    expect(entries(menu?.items ?? [])).toEqual([
      'role:appMenu',
      'role:editMenu',
      'role:windowMenu',
      'role:help',
      'label:Export diagnostics…',
    ]);
  });

  it.each(['win32', 'linux'] as const)('%s: Help › Export diagnostics only', (platform) => {
    applyAppMenu(platform, { exportDiagnostics: vi.fn() });
    const { set, menu } = fakeElectron.applicationMenu;
    expect(set).toBe(true);
    expect(entries(menu?.items ?? [])).toEqual(['role:help', 'label:Export diagnostics…']);
  });

  it.each(['win32', 'linux'] as const)(
    '%s without actions: the menu is removed, not left to the default',
    (platform) => {
      applyAppMenu(platform);
      // set + null replaces Electron's default menu (with reload and devtools); never calling it would keep it.
      expect(fakeElectron.applicationMenu).toEqual({ set: true, menu: null });
    },
  );

  it.each(['darwin', 'win32', 'linux'] as const)('%s: no reload or devtools anywhere', (platform) => {
    applyAppMenu(platform, { exportDiagnostics: vi.fn() });
    const found = entries(fakeElectron.applicationMenu.menu?.items ?? []).filter((e) => DEV_ONLY.test(e));
    expect(found).toEqual([]);
  });
});
