// Types for start.mjs (plain JS so `npm start` needs no build step).
import type { ChildProcess } from 'node:child_process';

export function startApp(options?: {
  demo?: boolean;
  env?: NodeJS.ProcessEnv;
  electronDir?: string;
}): Promise<{ child: ChildProcess; kind: 'electron' | 'preview'; exited: Promise<number> }>;
