// The demo's data folder. VPP_DESK_HOME when set; otherwise a per-user folder
// outside the checkout. The demo starts from a clean folder every time, but
// only ever empties a folder it created itself (it holds MARKER) and that no
// running demo is using: two demos at once get two folders.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const MARKER = '.vpp-desk-demo';
const MAX_FOLDERS = 20;

/** Where per-user application data lives on this platform. */
export function userDataRoot(env = process.env, platform = process.platform) {
  const home = os.homedir();
  if (platform === 'win32') return env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return env.XDG_DATA_HOME || path.join(home, '.local', 'share');
}

/**
 * Claims a data folder for this demo (process `pid`) and empties it.
 * Returns {home, keychainService} or throws with a sentence for the admin.
 */
export function claimDemoHome({ env = process.env, platform = process.platform, pid = process.pid } = {}) {
  const chosen = env.VPP_DESK_HOME && env.VPP_DESK_HOME.trim() !== '' ? path.resolve(env.VPP_DESK_HOME) : null;
  const candidates = chosen ? [chosen] : defaultCandidates(userDataRoot(env, platform));
  for (const home of candidates) {
    const verdict = inspect(home);
    // The marker is re-read: of two demos claiming one folder at the same
    // moment, the one whose marker was overwritten moves on.
    if (verdict === 'usable' && (reset(home, pid), readMarker(home)?.pid === pid)) {
      return { home, keychainService: env.VPP_DESK_KEYCHAIN_SERVICE || keychainServiceFor(home) };
    }
    if (chosen) {
      throw new Error(
        verdict === 'in-use'
          ? `VPP_DESK_HOME=${home} is in use by another running demo; choose another folder.`
          : `VPP_DESK_HOME=${home} holds data the demo did not create; it will not touch it. Choose an empty or new folder.`,
      );
    }
  }
  throw new Error(`No free demo folder under ${path.dirname(candidates[0])} (${MAX_FOLDERS} in use).`);
}

/** Gives the folder back: a later demo may empty it again. */
export function releaseDemoHome(home, pid = process.pid) {
  const marker = readMarker(home);
  if (marker && marker.pid === pid) writeMarker(home, { ...marker, pid: null });
}

function defaultCandidates(base) {
  return Array.from({ length: MAX_FOLDERS }, (_, i) =>
    path.join(base, i === 0 ? 'vpp-desk-demo' : `vpp-desk-demo-${i + 1}`),
  );
}

/** 'usable' (new, empty, or an idle demo folder), 'in-use' (a live demo's) or 'foreign'. */
export function inspect(home) {
  if (!existsSync(home)) return 'usable';
  const marker = readMarker(home);
  if (!marker) return readdirSync(home).length === 0 ? 'usable' : 'foreign';
  return marker.pid !== null && alive(marker.pid) ? 'in-use' : 'usable';
}

/** The demo's keychain entry, one per folder: two demos never share (and overwrite) one. */
export function keychainServiceFor(home) {
  return `VPP Desk Demo ${createHash('sha256').update(home).digest('hex').slice(0, 8)}`;
}

function reset(home, pid) {
  if (existsSync(home)) {
    // Only what a demo wrote: the folder carries our marker (or is empty).
    for (const name of readdirSync(home)) rmSync(path.join(home, name), { recursive: true, force: true });
  }
  mkdirSync(home, { recursive: true });
  writeMarker(home, { createdBy: 'npm run demo', pid, startedAt: new Date().toISOString() });
}

function readMarker(home) {
  try {
    const data = JSON.parse(readFileSync(path.join(home, MARKER), 'utf8'));
    return { ...data, pid: Number.isInteger(data.pid) ? data.pid : null };
  } catch {
    return null;
  }
}

function writeMarker(home, data) {
  writeFileSync(path.join(home, MARKER), `${JSON.stringify(data, null, 2)}\n`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return err.code === 'EPERM';
  }
}

/** The line that lets the CLI reach the running demo. */
export function exportLine({ home, apiUrl, keychainService }) {
  const q = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
  return `export VPP_DESK_HOME=${q(home)} VPP_DESK_API_URL=${q(apiUrl)} VPP_DESK_KEYCHAIN_SERVICE=${q(keychainService)}`;
}
