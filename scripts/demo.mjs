// The demo: a local Apple simulator with a demo organisation, a fresh data
// folder, the demo token uploaded and a first sync, so the window opens on
// real-looking data. Everything stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export async function startDemo(root, env) {
  const home = path.join(root, '.vpp-desk-dev', 'demo');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const tokenFile = path.join(home, 'demo.vpptoken');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const sim = spawn(
    tsx,
    [
      path.join(root, 'test/fakes/apple-simulator/cli.ts'),
      '--demo',
      '--port',
      '0',
      '--apps',
      '24',
      '--users',
      '320',
      '--assignments',
      '520',
      '--token-out',
      tokenFile,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: sim.stdout }).once('line', resolve);
    sim.once('exit', (code) => reject(new Error(`the demo simulator exited (${code})`)));
  });
  const { url } = JSON.parse(line);
  Object.assign(env, { VPP_DESK_HOME: home, VPP_DESK_API_URL: url, VPP_DESK_KEYCHAIN_SERVICE: 'VPP Desk Demo' });
  const cli = (args) =>
    spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), ...args], { env, stdio: 'inherit' });
  console.log(`Demo: Apple simulator on ${url}; data in ${home}`);
  cli([
    'token',
    'import',
    tokenFile,
    '--apple-id',
    'it-admin@example.edu',
    '--name',
    'Demo token',
    '--accept-account-lock',
  ]);
  cli(['sync']);
  return {
    stop: async () => {
      sim.kill('SIGTERM');
    },
  };
}
