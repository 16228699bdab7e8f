// Types for demo-home.mjs (plain JS so `npm run demo` needs no build step).
export const MARKER: string;
export function userDataRoot(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string;
export function claimDemoHome(options?: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; pid?: number }): {
  home: string;
  keychainService: string;
};
export function releaseDemoHome(home: string, pid?: number): void;
export function inspect(home: string): 'usable' | 'in-use' | 'foreign';
export function keychainServiceFor(home: string): string;
export function exportLine(values: { home: string; apiUrl: string; keychainService: string }): string;
