// `npm start` / `npm run demo`: the desktop app where Electron's binary is
// present; otherwise one line saying so and the browser preview host.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demo = process.argv.includes('--demo');

// Reads the binary's location the way the electron package does, without
// require('electron'), which tries to download the binary when it is missing.
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

async function run() {
  const env = { ...process.env };
  let stopSim = async () => {};
  if (demo) {
    const { startDemo } = await import('./demo.mjs');
    stopSim = (await startDemo(root, env)).stop;
  }
  const bin = electronBinary();
  if (!bin) {
    console.log(
      'Electron binary not present (it could not be downloaded on this machine): starting the browser preview host instead.',
    );
  }
  const child = bin
    ? spawn(bin, [path.join(root, 'dist', 'main.cjs')], { env, stdio: 'inherit' })
    : spawn(
        process.execPath,
        [path.join(root, 'dist', 'cli.cjs'), 'preview', ...(env.PORT ? ['--port', env.PORT] : [])],
        {
          env,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
  child.stdout?.on('data', (d) => {
    const text = d.toString();
    process.stdout.write(text.startsWith('http') ? `Open VPP Desk in a browser: ${text}` : text);
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code) => {
    await stopSim();
    process.exit(code ?? 0);
  });
}

// The demo needs a keychain: on a Linux box without a desktop session, run
// it inside a private, unlocked gnome-keyring (scripts/with-keyring.sh).
if (
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
} else {
  await run();
}
