/**
 * Where the bundled app finds its own files. Everything is relative to the
 * folder holding dist/main.cjs, so the same code works from the repo
 * (`electron dist/main.cjs`) and from inside the packaged app.asar.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  preload: string;
  rendererFile: string;
  /** The file:// URL of the renderer: the only page allowed to call IPC. */
  rendererUrl: string;
  windowIcon: string;
  trayIcon: string;
}

export function appPaths(distDir: string, platform: NodeJS.Platform = process.platform): AppPaths {
  const rendererFile = path.join(distDir, 'renderer', 'index.html');
  // build/icons is packaged explicitly (electron-builder.yml `files`).
  const icons = path.join(distDir, '..', 'build', 'icons');
  return {
    preload: path.join(distDir, 'preload.cjs'),
    rendererFile,
    rendererUrl: pathToFileURL(rendererFile).href,
    windowIcon: path.join(icons, 'icon.png'),
    // Electron picks up the @2x sibling itself; a "Template" name makes the
    // macOS menu bar recolour the icon for light and dark mode.
    trayIcon: path.join(icons, platform === 'darwin' ? 'trayTemplate.png' : 'tray.png'),
  };
}
