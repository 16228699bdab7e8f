// Types for electron-fetch.mjs (plain JS so `npm start` needs no build step).
import type { Writable } from 'node:stream';

export const DEFAULT_ELECTRON_DIR: string;
export interface FetchOptions {
  electronDir?: string;
  env?: NodeJS.ProcessEnv;
  out?: Pick<Writable, 'write'> & { isTTY?: boolean };
}
export function electronBinary(electronDir?: string): string | null;
export function electronVersion(electronDir?: string): string;
export function ensureElectron(
  options?: FetchOptions,
): Promise<{ bin: string; reason?: undefined } | { bin: null; reason: string }>;
export function fetchElectron(options?: FetchOptions): Promise<{ ok: true } | { ok: false; reason: string }>;
export function firstErrorLine(text: string): string | undefined;
