/**
 * Composition root: builds every core service once, with its dependencies
 * passed in, and exposes them as the contract's handlers. Electron IPC, the
 * CLI and the preview host all call createCore and nothing deeper.
 */
import type { CoreConfig } from './config';
import type { Clock } from './clock';
import type { Vault } from './vault';
import type { Core } from './handlers';

export interface CoreOptions {
  config: CoreConfig;
  transport: 'electron' | 'preview' | 'cli';
  /** Defaults to the OS keychain (keytar) under config.keychainService. */
  vault?: Vault;
  clock?: Clock;
  version?: string;
  demo?: boolean;
}

export async function createCore(_options: CoreOptions): Promise<Core> {
  throw new Error('createCore: being implemented');
}
