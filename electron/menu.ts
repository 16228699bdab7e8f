/**
 * The application menu. macOS needs one for copy/paste and Quit to work at
 * all. Every platform gets Help › Export diagnostics (the zip for support);
 * on Windows and Linux that Help menu is the only one, which also drops
 * Electron's default reload and devtools shortcuts.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  exportDiagnostics(): void;
}

export function applyAppMenu(platform: NodeJS.Platform = process.platform, actions?: MenuActions): void {
  const help: MenuItemConstructorOptions[] = actions
    ? [{ role: 'help', submenu: [{ label: 'Export diagnostics…', click: () => actions.exportDiagnostics() }] }]
    : [];
  if (platform !== 'darwin') {
    Menu.setApplicationMenu(help.length > 0 ? Menu.buildFromTemplate(help) : null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [
    { role: 'appMenu' },
    { role: 'editMenu' },
    { role: 'windowMenu' },
    ...help,
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
