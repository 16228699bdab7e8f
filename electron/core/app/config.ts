/**
 * Where things live, from the environment. The same rules serve the Electron
 * app, the CLI and the preview host, so they all find one data folder.
 */
import os from 'node:os';
import path from 'node:path';
import { VppError } from '../../../shared/errors';
import { tokenDestinationProblem } from '../apple';

export const DEFAULT_API_URL = 'https://vpp.itunes.apple.com/mdm/v2';
export const DEFAULT_KEYCHAIN_SERVICE = 'VPP Desk';
export const APP_DIR_NAME = 'VPP Desk';

export interface CoreConfig {
  dataDir: string;
  apiUrl: string;
  keychainService: string;
}

/** The platform folder Electron's app.getPath('userData') would give. */
export function platformUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

/**
 * Throws BAD_CONFIG, naming the setting, when VPP_DESK_API_URL points where
 * the token must not go (anything but Apple over HTTPS, or a loopback address).
 */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env, userDataDir?: string): CoreConfig {
  const apiUrl = (env.VPP_DESK_API_URL && env.VPP_DESK_API_URL.trim()) || DEFAULT_API_URL;
  const problem = tokenDestinationProblem(apiUrl);
  if (problem !== null) {
    throw new VppError(
      'BAD_CONFIG',
      `VPP_DESK_API_URL is set to "${apiUrl}", where VPP Desk will not send the VPP token: ${problem}. Unset VPP_DESK_API_URL to talk to Apple (${DEFAULT_API_URL}).`,
    );
  }
  return {
    dataDir:
      env.VPP_DESK_HOME && env.VPP_DESK_HOME.trim() !== ''
        ? path.resolve(env.VPP_DESK_HOME)
        : (userDataDir ?? platformUserDataDir(env)),
    apiUrl,
    keychainService:
      (env.VPP_DESK_KEYCHAIN_SERVICE && env.VPP_DESK_KEYCHAIN_SERVICE.trim()) || DEFAULT_KEYCHAIN_SERVICE,
  };
}
