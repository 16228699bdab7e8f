// Help › Export diagnostics: the menu item, the save dialog, and core's exportDiagnostics behind it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveConfig } from '../../../electron/core/app';
import { exportDiagnosticsFromMenu } from '../../../electron/diagnostics-export';
import { applyAppMenu } from '../../../electron/menu';
import { dialog, fakeElectron, shell, type FakeMenuItemOptions } from '../../fakes/electron';
import { tempDir } from '../../helpers/tmp';
import { readZip } from '../../helpers/zip';
import { stubCore } from './stub-core';

function helpItem(): FakeMenuItemOptions | undefined {
  const menu = fakeElectron.applicationMenu.menu;
  return menu?.items.find((i) => i.role === 'help')?.submenu?.find((i) => i.label === 'Export diagnostics…');
}

describe('Help › Export diagnostics', () => {
  let home: string;

  beforeEach(async () => {
    fakeElectron.reset();
    home = await tempDir('vpp-desk-diag-menu-');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it.each(['darwin', 'win32', 'linux'] as const)('is in the Help menu on %s and calls the action', (platform) => {
    const exportDiagnostics = vi.fn();
    applyAppMenu(platform, { exportDiagnostics });
    helpItem()?.click?.();
    expect(exportDiagnostics).toHaveBeenCalledTimes(1);
  });

  it('writes the zip where the admin chose and shows it', async () => {
    const file = path.join(home, 'support.zip');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: file });
    fs.mkdirSync(path.join(home, 'logs'));
    fs.writeFileSync(path.join(home, 'logs', 'vpp-desk.log'), 'x INFO [electron] started\n');
    const config = resolveConfig({ VPP_DESK_HOME: home });
    const written = await exportDiagnosticsFromMenu({ handlers: stubCore().handlers, config, version: '1.2.3' });
    expect(written).toBe(file);
    expect(dialog.showSaveDialog.mock.calls[0]?.[0].defaultPath).toMatch(/^vpp-desk-diagnostics-\d{4}-\d\d-\d\d\.zip$/);
    expect(shell.showItemInFolder).toHaveBeenCalledWith(file);
    const zip = await readZip(file);
    expect(zip.get('logs/vpp-desk.log')).toContain('started');
    expect(JSON.parse(zip.get('versions.json') ?? '{}')).toMatchObject({ app: '1.2.3', transport: 'electron' });
  });

  it('does nothing when the dialog is cancelled', async () => {
    const config = resolveConfig({ VPP_DESK_HOME: home });
    expect(await exportDiagnosticsFromMenu({ handlers: stubCore().handlers, config, version: '1' })).toBeNull();
    expect(shell.showItemInFolder).not.toHaveBeenCalled();
  });
});
