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
});
