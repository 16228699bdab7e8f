/** Runs the built CLI (dist/cli.cjs) as an admin would, with its own environment. */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { tempDir } from './tmp';
import type { Simulator } from '../fakes/apple-simulator';

export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.cjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A data folder whose token the admin imported with the CLI (its own keychain entry), and how to clear it up. */
export interface CliHome {
  home: string;
  env: Record<string, string>;
  /** Removes the token from the keychain and the folder. */
  remove(): Promise<void>;
}

export async function cliHomeWithToken(sim: Simulator, name: string): Promise<CliHome> {
  const home = await tempDir();
  const env = {
    VPP_DESK_HOME: home,
    VPP_DESK_API_URL: sim.url,
    VPP_DESK_KEYCHAIN_SERVICE: `vpp-desk-test-${name}-${process.pid}`,
  };
  const file = path.join(home, 't.vpptoken');
  await fs.writeFile(file, sim.issueToken());
  const imported = await runCli(['token', 'import', file, '--apple-id', 'a@b.c', '--accept-account-lock'], env);
  if (imported.code !== 0) throw new Error(`token import failed (${imported.code}): ${imported.stderr}`);
  return {
    home,
    env,
    remove: async () => {
      await runCli(['token', 'remove'], env);
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}
