/**
 * A core on a data folder with Apple out of reach (a closed port on 127.0.0.1) and an empty in-memory vault: what
 * the cache alone answers. Stopped after `use`, whatever it does.
 */
import { createCore } from '../../electron/core/app/create-core';
import { MemoryVault } from '../../electron/core/token/vault';
import type { Core } from '../../electron/core/app/handlers';

export async function withOfflineCore<T>(home: string, service: string, use: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({
    config: { dataDir: home, apiUrl: 'http://127.0.0.1:9', keychainService: service },
    transport: 'cli',
    vault: new MemoryVault(),
    version: '0.0.0-test',
  });
  try {
    return await use(core);
  } finally {
    await core.stop();
  }
}
