/**
 * The token's only home: the OS keychain. A small interface with the real
 * keytar implementation and an in-memory one for tests where the keychain is
 * not the point. There is no plaintext fallback: an unavailable keychain is
 * an error the admin sees.
 */
import { VppError } from '../../shared/errors';

export interface Vault {
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  clear(): Promise<void>;
}

const ACCOUNT = 'vpp-token';

type Keytar = typeof import('keytar');

export class KeytarVault implements Vault {
  private keytar: Promise<Keytar> | null = null;

  constructor(private readonly service: string, private readonly load: () => Promise<Keytar> = () => import('keytar')) {}

  private async lib(): Promise<Keytar> {
    this.keytar ??= this.load().then((m) => ((m as Keytar & { default?: Keytar }).default ?? m));
    try {
      return await this.keytar;
    } catch (err) {
      this.keytar = null;
      throw new VppError('KEYCHAIN_UNAVAILABLE', undefined, { cause: err });
    }
  }

  async get(): Promise<string | null> {
    const k = await this.lib();
    return guard(() => k.getPassword(this.service, ACCOUNT));
  }

  async set(secret: string): Promise<void> {
    const k = await this.lib();
    await guard(() => k.setPassword(this.service, ACCOUNT, secret));
  }

  async clear(): Promise<void> {
    const k = await this.lib();
    await guard(() => k.deletePassword(this.service, ACCOUNT));
  }
}

async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    // keytar's messages can echo D-Bus internals; the admin gets one clear line.
    throw new VppError('KEYCHAIN_UNAVAILABLE', undefined, { cause: err });
  }
}

export class MemoryVault implements Vault {
  private secret: string | null = null;
  async get(): Promise<string | null> {
    return this.secret;
  }
  async set(secret: string): Promise<void> {
    this.secret = secret;
  }
  async clear(): Promise<void> {
    this.secret = null;
  }
}
