import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '../../../electron/app-paths';
import { isAllowedExternalUrl } from '../../../electron/external-links';
import { isRendererUrl } from '../../../electron/renderer-url';
import { applyAppSecurity, restrictPermissions } from '../../../electron/security';
import { BrowserWindow, fakeElectron, shell } from '../../fakes/electron';

const paths = appPaths(path.resolve('dist'));

/** Any web contents created after security is applied, e.g. a window. */
function newContents() {
  return new BrowserWindow().webContents;
}

describe('app-wide security on web-contents-created', () => {
  beforeEach(() => {
    fakeElectron.reset();
    applyAppSecurity(paths.rendererUrl);
    // Refusals are logged by design; keep the test output readable.
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });

  it('denies every window.open', () => {
    const contents = newContents();
    expect(contents.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('https://business.apple.com/')).toEqual({ action: 'deny' });
    expect(contents.openWindow(paths.rendererUrl)).toEqual({ action: 'deny' });
  });

  it('sends only https links to Apple business/school/support to the browser', () => {
    const contents = newContents();
    contents.openWindow('https://business.apple.com/#/main/preferences');
    contents.openWindow('https://school.apple.com/');
    contents.openWindow('https://support.apple.com/guide/apple-business-manager/');
    for (const bad of [
      'http://business.apple.com/',
      'https://business.apple.com.evil.example/',
      'https://evil.example/?q=business.apple.com',
      'https://user:pw@business.apple.com/',
      'https://business.apple.com:8443/',
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      contents.openWindow(bad);
    }
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual([
      'https://business.apple.com/#/main/preferences',
      'https://school.apple.com/',
      'https://support.apple.com/guide/apple-business-manager/',
    ]);
  });

  it('blocks navigation and redirects away from our renderer file', () => {
    const contents = newContents();
    expect(contents.navigate('https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.navigate('file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.navigate(`${paths.rendererUrl}.evil.html`).defaultPrevented).toBe(true);
    expect(contents.navigate('https://evil.example/', 'will-redirect').defaultPrevented).toBe(true);
    expect(contents.navigate(paths.rendererUrl).defaultPrevented).toBe(false);
    expect(contents.navigate(`${paths.rendererUrl}#/apps`).defaultPrevented).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('denies navigation to file://, even to the renderer file itself, and to other app:// hosts', () => {
    const contents = newContents();
    const ownFile = pathToFileURL(path.join(paths.rendererDir, 'index.html')).href;
    expect(contents.navigate(ownFile).defaultPrevented).toBe(true);
    expect(contents.navigate(ownFile, 'will-redirect').defaultPrevented).toBe(true);
    expect(contents.navigate('app://evil/index.html').defaultPrevented).toBe(true);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('opens an allowed Apple link in the browser instead of navigating to it', () => {
    const contents = newContents();
    expect(contents.navigate('https://support.apple.com/en-us/HT1').defaultPrevented).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://support.apple.com/en-us/HT1');
  });

  it('prevents webviews from attaching', () => {
    expect(newContents().attachWebview().defaultPrevented).toBe(true);
  });
});

describe('permissions', () => {
  beforeEach(() => fakeElectron.reset());

  it('denies every permission request and check but clipboard writes', () => {
    restrictPermissions(session.defaultSession);
    const request = fakeElectron.permissionRequestHandler;
    const check = fakeElectron.permissionCheckHandler;
    expect(request).not.toBeNull();
    expect(check).not.toBeNull();
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      let granted: boolean | undefined;
      request?.(null, permission, (g) => (granted = g), {});
      expect(granted).toBe(false);
      expect(check?.(null, permission, 'file://', {})).toBe(false);
    }
    let clipboard: boolean | undefined;
    request?.(null, 'clipboard-sanitized-write', (g) => (clipboard = g), {});
    expect(clipboard).toBe(true);
  });
});

describe('url checks', () => {
  it('recognises only the exact app:// renderer page', () => {
    expect(paths.rendererUrl).toBe('app://vpp-desk/index.html');
    expect(isRendererUrl(paths.rendererUrl, paths.rendererUrl)).toBe(true);
    expect(isRendererUrl(`${paths.rendererUrl}?x=1#/users`, paths.rendererUrl)).toBe(true);
    expect(isRendererUrl(paths.rendererUrl.replace('index.html', 'other.html'), paths.rendererUrl)).toBe(false);
    expect(isRendererUrl(paths.rendererUrl.replace('app://', 'https://'), paths.rendererUrl)).toBe(false);
    expect(isRendererUrl('app://vpp-desk.evil/index.html', paths.rendererUrl)).toBe(false);
    expect(isRendererUrl('app://user@vpp-desk/index.html', paths.rendererUrl)).toBe(false);
    expect(isRendererUrl('app://vpp-desk:8080/index.html', paths.rendererUrl)).toBe(false);
    expect(isRendererUrl('about:blank', paths.rendererUrl)).toBe(false);
    expect(isRendererUrl('%%%', paths.rendererUrl)).toBe(false);
  });

  it('never recognises a file:// page, not even when asked to expect one', () => {
    const ownFile = pathToFileURL(path.join(paths.rendererDir, 'index.html')).href;
    expect(isRendererUrl(ownFile, paths.rendererUrl)).toBe(false);
    expect(isRendererUrl(ownFile, ownFile)).toBe(false);
  });

  it('allows Apple hosts over https only', () => {
    expect(isAllowedExternalUrl('https://business.apple.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://apple.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://vpp.itunes.apple.com/mdm/v2')).toBe(false);
  });
});
