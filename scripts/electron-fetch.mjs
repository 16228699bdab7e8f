// Electron's binary for `npm start` / `npm run demo`. Electron 42 and later
// no longer download it on install (no postinstall): the electron package
// ships install.js (its `install-electron` bin) for that, which fetches the
// zip with @electron/get (honouring ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR,
// electron_config_cache, electron_use_remote_checksums...) and unpacks it
// into the package's dist/. We run that script as is, and only add a
// progress line and a one-line reason when it cannot be done.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ELECTRON_DIR = path.join(root, 'node_modules', 'electron');
/** A download that has not grown for this long is given up (a dead proxy, a black-holed route). */
const STALL_MS = 60_000;
const POLL_MS = 500;

/**
 * The binary's path the way the electron package's index.js finds it, but
 * without require('electron'), which downloads silently when it is missing.
 */
export function electronBinary(electronDir = DEFAULT_ELECTRON_DIR) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

export function electronVersion(electronDir = DEFAULT_ELECTRON_DIR) {
  return JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
}

/**
 * The binary, fetched first when missing. Resolves to {bin} or {bin: null,
 * reason} (one line, for the fallback message); never throws.
 */
export async function ensureElectron({
  electronDir = DEFAULT_ELECTRON_DIR,
  env = process.env,
  out = process.stdout,
} = {}) {
  const present = electronBinary(electronDir);
  if (present) return { bin: present };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') {
    return { bin: null, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set' };
  }
  const fetched = await fetchElectron({ electronDir, env, out });
  if (!fetched.ok) return { bin: null, reason: fetched.reason };
  const bin = electronBinary(electronDir);
  return bin ? { bin } : { bin: null, reason: 'the download finished but no binary was unpacked' };
}

/** Runs the electron package's install.js, reporting how much has arrived. */
export function fetchElectron({ electronDir = DEFAULT_ELECTRON_DIR, env = process.env, out = process.stdout } = {}) {
  const version = electronVersion(electronDir);
  const source = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'GitHub';
  out.write(`Fetching Electron ${version} (${process.platform}-${process.arch}) from ${source}: once, about 100 MB.\n`);
  // @electron/get downloads into a folder under os.tmpdir(): a private one
  // lets us measure the download without reaching into the library.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vpp-desk-electron-'));
  const childEnv = { ...env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, ELECTRON_GET_NO_PROGRESS: '1' };
  const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', () => {});
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-8_000);
  });
  const progress = new Progress(out);
  let lastBytes = 0;
  let lastGrowth = Date.now();
  let stalled = false;
  const timer = setInterval(() => {
    const bytes = folderBytes(tmp);
    if (bytes > lastBytes) {
      lastBytes = bytes;
      lastGrowth = Date.now();
      progress.show(bytes);
    } else if (Date.now() - lastGrowth > STALL_MS) {
      stalled = true;
      child.kill('SIGTERM');
    }
  }, POLL_MS);
  return new Promise((resolve) => {
    const finish = (result) => {
      clearInterval(timer);
      progress.end();
      rmSync(tmp, { recursive: true, force: true });
      resolve(result);
    };
    child.on('error', (err) => finish({ ok: false, reason: err.message }));
    child.on('exit', (code) => {
      if (code === 0) return finish({ ok: true });
      if (stalled) return finish({ ok: false, reason: `the download stalled for ${STALL_MS / 1000} s` });
      finish({ ok: false, reason: `${firstErrorLine(stderr) ?? `install.js exited with ${code}`}, from ${source}` });
    });
  });
}

/** install.js prints the error's stack: its first line is the reason. */
export function firstErrorLine(text) {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error/i.test(l) && !l.startsWith('at '));
  return line ? line.replace(/^Error:\s*/, '') : undefined;
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      total += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
    } catch {
      // A file the library just moved or removed.
    }
  }
  return total;
}

/** One updating line on a terminal; a line per 10 MB in a log. */
class Progress {
  constructor(out) {
    this.out = out;
    this.tty = Boolean(out.isTTY);
    this.printedMb = -1;
    this.shown = false;
  }

  show(bytes) {
    const mb = Math.floor(bytes / 1_000_000);
    if (this.tty) {
      this.out.write(`\r  ${mb} MB received`);
      this.shown = true;
    } else if (mb >= this.printedMb + 10) {
      this.out.write(`  ${mb} MB received\n`);
      this.printedMb = mb;
    }
  }

  end() {
    if (this.shown) this.out.write('\n');
  }
}

// `node scripts/electron-fetch.mjs`: fetch now (scripts/install.sh does, so
// the first `npm start` opens at once). Exit 0 either way: without the
// binary the app still opens in the browser preview host.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bin, reason } = await ensureElectron();
  if (bin) console.log(`Electron's binary: ${bin}`);
  else console.log(`Electron's binary is not available (${reason}): VPP Desk will open in the browser preview host.`);
}
