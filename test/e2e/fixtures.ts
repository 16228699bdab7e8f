/**
 * Each test gets its own data folder, keychain service name, Apple
 * simulator and preview host (the built CLI, as an admin would run it), all
 * on 127.0.0.1 and all stopped after the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Page } from '@playwright/test';
import { startSimulator, type Simulator, type SimulatorOptions } from '../fakes/apple-simulator';

export interface AppHandle {
  url: string;
  home: string;
  keychainService: string;
  env: NodeJS.ProcessEnv;
  /** Runs the built CLI with this test's environment. */
  cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  restart(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.cjs');

export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function startPreview(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'preview', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`preview host did not start: ${stderr}`)), 15_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`preview host exited ${code}: ${stderr}`)));
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 3000).unref();
  });
}

export const test = base.extend<{ simOptions: SimulatorOptions; sim: Simulator; app: AppHandle }>({
  simOptions: [{ demo: true, seed: 7 }, { option: true }],
  sim: async ({ simOptions }, use) => {
    const sim = await startSimulator(simOptions);
    await use(sim);
    await sim.close();
  },
  app: async ({ sim }, use, testInfo) => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-desk-e2e-'));
    const keychainService = `vpp-desk-test-e2e-${process.pid}-${testInfo.workerIndex}-${Date.now()}`;
    const env = {
      ...process.env,
      VPP_DESK_HOME: home,
      VPP_DESK_API_URL: sim.url,
      VPP_DESK_KEYCHAIN_SERVICE: keychainService,
    };
    let preview = await startPreview(env);
    const handle: AppHandle = {
      get url() {
        return preview.url;
      },
      home,
      keychainService,
      env,
      cli: (args) => runCli(args, env),
      restart: async () => {
        await stop(preview.child);
        preview = await startPreview(env);
      },
    };
    await use(handle);
    await stop(preview.child);
    await runCli(['token', 'remove'], env);
    await fs.rm(home, { recursive: true, force: true });
  },
});

export { expect };

/** Writes a token file the simulator accepts and returns its path. */
export async function tokenFile(
  sim: Simulator,
  home: string,
  opts?: Parameters<Simulator['issueToken']>[0],
  name = 'org.vpptoken',
): Promise<string> {
  const file = path.join(home, name);
  await fs.writeFile(file, sim.issueToken(opts));
  return file;
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'screens', `${name}.png`), fullPage: false });
}
