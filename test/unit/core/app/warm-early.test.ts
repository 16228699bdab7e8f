// A host that answers a window starts the sync's worker thread while it starts, not at its first sync, where the
// worker's own start (Node's modules loaded in that thread) competed for the cores with the window's thread. The
// CLI, whose commands mostly read the cache, starts none until a sync needs one.
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../electron/core/app/create-core';
import { syncWorkersStarted } from '../../../../electron/core/sync';
import { MemoryVault } from '../../../../electron/core/token/vault';
import { tempDirs } from '../../../helpers/tmp-dirs';

const dir = tempDirs();

/** What keeps this process alive that a worker's port can: a referenced worker shows as one. */
const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

async function started(transport: 'preview' | 'cli'): Promise<number> {
  const before = syncWorkersStarted();
  const portsBefore = ports();
  const core = await createCore({
    config: { dataDir: await dir(), apiUrl: 'http://127.0.0.1:9', keychainService: 'warm-early-test' },
    transport,
    vault: new MemoryVault(),
  });
  const count = syncWorkersStarted() - before;
  // Warm, it never holds the process open: a host that has nothing left to do exits.
  expect(ports()).toBe(portsBefore);
  await core.stop();
  return count;
}

describe('warming a host while it starts', () => {
  it('a window’s host has started the sync’s worker before any sync, unreferenced; the CLI has not', async () => {
    expect(await started('preview')).toBe(1);
    expect(await started('cli')).toBe(0);
  });
});
