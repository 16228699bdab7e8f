// `npm start` / `npm run demo`: the desktop app, fetching Electron's binary
// first when it is missing (scripts/electron-fetch.mjs); only when that
// fails or ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set, one line saying so and the
// browser preview host instead.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ELECTRON_DIR, ensureElectron } from './electron-fetch.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts the app (and the demo's simulator first with `demo`). Resolves to
 * {child, kind: 'electron' | 'preview', exited: Promise<exit code>}.
 */
export async function startApp({ demo = false, env = { ...process.env }, electronDir = DEFAULT_ELECTRON_DIR } = {}) {
  // The binary first: its progress is not interleaved with the demo's lines.
  const { bin, reason } = await ensureElectron({ electronDir, env });
  if (!bin) console.log(`Electron's binary is not available (${reason}): starting the browser preview host instead.`);
  let stopSim = async () => {};
  if (demo) {
    const { startDemo } = await import('./demo.mjs');
    stopSim = (await startDemo(root, env)).stop;
  }
  const child = bin
    ? spawn(bin, [path.join(root, 'dist', 'main.cjs')], { env, stdio: 'inherit' })
    : spawn(
        process.execPath,
        [path.join(root, 'dist', 'cli.cjs'), 'preview', ...(env.PORT ? ['--port', env.PORT] : [])],
        { env, stdio: ['ignore', 'pipe', 'inherit'] },
      );
  child.stdout?.on('data', (d) => {
    const text = d.toString();
    process.stdout.write(text.startsWith('http') ? `Open VPP Desk in a browser: ${text}` : text);
  });
  const exited = new Promise((resolve) => {
    child.on('error', (err) => {
      console.error(`Could not start ${bin ?? 'the preview host'}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code) => resolve(code ?? 0));
  }).then(async (code) => {
    await stopSim();
    return code;
  });
  return { child, kind: bin ? 'electron' : 'preview', exited };
}

async function main() {
  const { child, exited } = await startApp({ demo: process.argv.includes('--demo') });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.exit(await exited);
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const demo = process.argv.includes('--demo');
// The demo needs a keychain: on a Linux box without a desktop session, run
// it inside a private, unlocked gnome-keyring (scripts/with-keyring.sh).
if (
  isMain &&
  demo &&
  process.platform === 'linux' &&
  !process.env.DBUS_SESSION_BUS_ADDRESS &&
  !process.env.VPP_DESK_KEYRING_READY
) {
  const child = spawn(
    'bash',
    [path.join(root, 'scripts', 'with-keyring.sh'), process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit' },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
} else if (isMain) {
  await main();
}
