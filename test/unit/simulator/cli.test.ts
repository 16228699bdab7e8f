import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
let child: ChildProcessWithoutNullStreams | undefined;
let dir: string | undefined;

afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function firstLine(p: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => rej(new Error(`no output in time; stderr: ${err}`)), 15_000);
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        res(out.slice(0, nl));
      }
    });
    p.on('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`exited ${String(code)}: ${err}`));
    });
  });
}

describe('cli', () => {
  it('starts, writes a valid token file, prints one JSON line, and stops on SIGTERM', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vpp-sim-cli-'));
    const tokenOut = join(dir, 'org.vpptoken');
    child = spawn(
      TSX,
      [
        'test/fakes/apple-simulator/cli.ts',
        '--port',
        '0',
        '--users',
        '30',
        '--apps',
        '8',
        '--assignments',
        '20',
        '--page-size',
        '10',
        '--seed',
        '4',
        '--demo',
        '--token-out',
        tokenOut,
      ],
      { cwd: ROOT },
    );
    const info = JSON.parse(await firstLine(child)) as { url: string; origin: string; tokenFile: string };
    expect(Object.keys(info).sort()).toEqual(['origin', 'tokenFile', 'url']);
    expect(info.url).toBe(`${info.origin}/mdm/v2`);
    expect(info.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.tokenFile).toBe(tokenOut);
    const token = readFileSync(tokenOut, 'utf8');
    const res = await fetch(`${info.url}/users`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { totalPages: number; users: unknown[] };
    expect(body.totalPages).toBe(3);
    const exited = new Promise<number | null>((r) => child?.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
