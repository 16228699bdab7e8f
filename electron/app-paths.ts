/**
 * Where the bundled app finds its own files. Everything is relative to the
 * folder holding dist/main.cjs, so the same code works from the repo
 * (`electron dist/main.cjs`) and from inside the packaged app.asar.
 */
import path from 'node:path';
import { RENDERER_URL } from './app-protocol';

export interface AppPaths {
  preload: string;
  /** The built renderer, served (and confined) by the app:// handler. */
  rendererDir: string;
  /** The app:// URL of the renderer: the only page allowed to call IPC. */
  rendererUrl: string;
  windowIcon: string;
  trayIcon: string;
}

export function appPaths(distDir: string, platform: NodeJS.Platform = process.platform): AppPaths {
  // build/icons is packaged explicitly (electron-builder.yml `files`).
  const icons = path.join(distDir, '..', 'build', 'icons');
  return {
    preload: path.join(distDir, 'preload.cjs'),
    rendererDir: path.join(distDir, 'renderer'),
    rendererUrl: RENDERER_URL,
    windowIcon: path.join(icons, 'icon.png'),
    // Electron picks up the @2x sibling itself; a "Template" name makes the
    // macOS menu bar recolour the icon for light and dark mode.
    trayIcon: path.join(icons, platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
  };
}
