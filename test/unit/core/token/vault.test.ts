// The real OS keychain (gnome-keyring under dbus-run-session in tests).
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarVault } from '../../../../electron/core/token/vault';
import { VppError } from '../../../../shared/errors';

const service = `vpp-desk-test-vault-${process.pid}`;
const vault = new KeytarVault(service);

afterAll(async () => {
  await vault.clear();
});

describe('KeytarVault (real keychain)', () => {
  it('stores, reads back and clears the token', async () => {
    await vault.set('secret-token-content');
    expect(await vault.get()).toBe('secret-token-content');
    await vault.clear();
    expect(await vault.get()).toBeNull();
  });

  it('turns an unavailable keychain into a clear error, never a plaintext fallback', async () => {
    const broken = new KeytarVault(service, async () => {
      throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
    });
    await expect(broken.set('x')).rejects.toSatisfy(
      (err: unknown) =>
        err instanceof VppError && err.code === 'KEYCHAIN_UNAVAILABLE' && !err.message.includes('freedesktop'),
    );
  });
});
