// The demo: a local Apple simulator with a demo organisation, a fresh data
// folder (scripts/demo-home.mjs: VPP_DESK_HOME or a per-user folder outside
// the checkout), the demo token uploaded and a first sync, so the window
// opens on real-looking data. Everything stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { claimDemoHome, exportLine, releaseDemoHome } from './demo-home.mjs';

export async function startDemo(root, env) {
  const { home, keychainService } = claimDemoHome({ env });
  // The token file never sits in the data folder, even the demo's.
  const tokenDir = mkdtempSync(path.join(os.tmpdir(), 'vpp-desk-demo-token-'));
  const tokenFile = path.join(tokenDir, 'demo.vpptoken');
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
  Object.assign(env, { VPP_DESK_HOME: home, VPP_DESK_API_URL: url, VPP_DESK_KEYCHAIN_SERVICE: keychainService });
  const cli = (args) =>
    spawnSync(process.execPath, [path.join(root, 'dist', 'cli.cjs'), ...args], { env, stdio: 'inherit' });
  console.log(`Demo: Apple simulator on ${url}; data in ${home}`);
  console.log(`For the CLI (npx vpp-desk ...) against this demo, in another terminal:`);
  console.log(`  ${exportLine({ home, apiUrl: url, keychainService })}`);
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
  rmSync(tokenDir, { recursive: true, force: true });
  cli(['sync']);
  return {
    home,
    stop: async () => {
      sim.kill('SIGTERM');
      releaseDemoHome(home);
    },
  };
}
