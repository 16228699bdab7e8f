/**
 * Security applied app-wide, to every web contents the moment it exists, so
 * no window, devtools page or future view can be created without it. The
 * window's own webPreferences (window.ts) are the other half.
 */
import { app, type Session, type WebContents, type WebPreferences } from 'electron';
import { openExternal } from './external-links';
import { isRendererUrl } from './renderer-url';

/**
 * The web preferences every window VPP Desk opens shares: sandboxed,
 * isolated, no Node anywhere, no navigation by drag and drop. Each window
 * adds its own (the main window's preload, the report window's no-JavaScript).
 */
export function lockedWebPreferences(): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
  };
}

/** Call before the first window is created. */
export function applyAppSecurity(rendererUrl: string): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, rendererUrl));
}

export function hardenWebContents(contents: WebContents, rendererUrl: string): void {
  // No new windows ever; allowed Apple links go to the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });

  // Only app://vpp-desk/index.html; any file:// page (ours included) is refused.
  const stayHome = (event: { url: string; preventDefault(): void }) => {
    if (isRendererUrl(event.url, rendererUrl)) return;
    event.preventDefault();
    openExternal(event.url);
  };
  contents.on('will-navigate', (event) => stayHome(event));
  contents.on('will-redirect', (event) => stayHome(event));

  // webviewTag is off in webPreferences; this also stops one being injected.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The app needs no camera, location, notifications-from-the-page, clipboard
 * reads or anything else a page can ask for: native notifications come from
 * main. Call after app is ready (sessions exist only then).
 */
/** The one permission the window needs: writing to the clipboard ("Copy invitation link"). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}
