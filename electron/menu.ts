/**
 * The application menu. macOS needs one for copy/paste and Quit to work at
 * all; on Windows and Linux the window has no menu bar, which also drops
 * Electron's default reload and devtools shortcuts.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function applyAppMenu(platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
