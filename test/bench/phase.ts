/**
 * Runs one bench phase (worker.ts) in a process of its own and returns the JSON line it printed.
 *
 * The phase runs bundled (dist/bench-phase.cjs, built by `npm run bench`) under plain node, as the app runs its
 * bundled main.cjs: run through tsx, its loader compiled the modules a sync loads lazily inside the timed sync,
 * and its hooks, inherited by the sync's worker thread, parsed and translated the built worker there (~0.4 s
 * of CPU on this 2-core machine, inside every full-sync figure).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PHASE_BUNDLE = path.resolve(__dirname, '..', '..', 'dist', 'bench-phase.cjs');

export type PhaseResult = Record<string, unknown> & { ms: number; maxRssMb: number };

export function runPhase<T extends PhaseResult = PhaseResult>(phase: string, env: Record<string, string>): Promise<T> {
  if (!existsSync(PHASE_BUNDLE)) {
    return Promise.reject(new Error(`${PHASE_BUNDLE} is missing: run \`npm run build:node -- --bench\` first`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PHASE_BUNDLE, phase], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`bench phase ${phase} failed (${code})`));
      else resolve(JSON.parse(line) as T);
    });
  });
}
