import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, platformUserDataDir, resolveConfig } from '../../../../electron/core/app/config';

describe('resolveConfig', () => {
  it('uses VPP_DESK_HOME, VPP_DESK_API_URL and VPP_DESK_KEYCHAIN_SERVICE when set', () => {
    expect(
      resolveConfig({
        VPP_DESK_HOME: 'rel/dir',
        VPP_DESK_API_URL: 'http://127.0.0.1:1/mdm/v2',
        VPP_DESK_KEYCHAIN_SERVICE: 'svc',
      }),
    ).toEqual({
      dataDir: path.resolve('rel/dir'),
      apiUrl: 'http://127.0.0.1:1/mdm/v2',
      keychainService: 'svc',
    });
  });

  it('falls back to Electron’s userData folder, then the platform folder the CLI shares', () => {
    expect(resolveConfig({}, '/electron/userData')).toMatchObject({
      dataDir: '/electron/userData',
      apiUrl: DEFAULT_API_URL,
      keychainService: 'VPP Desk',
    });
    expect(resolveConfig({ VPP_DESK_HOME: '  ' }, '/u').dataDir).toBe('/u');
    expect(platformUserDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/VPP Desk');
    expect(platformUserDataDir({}, 'darwin')).toBe(
      path.join(os.homedir(), 'Library', 'Application Support', 'VPP Desk'),
    );
    expect(platformUserDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\a\\AppData\\Roaming', 'VPP Desk'),
    );
  });

  it('refuses a VPP_DESK_API_URL the token must not go to, naming the setting', () => {
    for (const url of ['http://vpp.example.test/mdm/v2', 'https://evil.example/mdm/v2', 'http://10.1.2.3/mdm/v2']) {
      let err: unknown;
      try {
        resolveConfig({ VPP_DESK_API_URL: url });
      } catch (e) {
        err = e;
      }
      expect(err, url).toMatchObject({ code: 'BAD_CONFIG' });
      expect((err as Error).message).toContain('VPP_DESK_API_URL');
      expect((err as Error).message).toContain(url);
    }
    expect(resolveConfig({ VPP_DESK_API_URL: 'http://[::1]:9/mdm/v2' }).apiUrl).toBe('http://[::1]:9/mdm/v2');
    expect(resolveConfig({ VPP_DESK_API_URL: 'https://vpp.itunes.apple.com/mdm/v2' }).apiUrl).toBe(DEFAULT_API_URL);
  });
});
