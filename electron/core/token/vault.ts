/**
 * The token's only home: the OS keychain. A small interface with the real
 * keytar implementation and an in-memory one for tests where the keychain is
 * not the point. There is no plaintext fallback: an unavailable keychain is
 * an error the admin sees.
 */
import { VppError } from '../../../shared/errors';

export interface Vault {
  get(): Promise<string | null>;
  set(secret: string): Promise<void>;
  clear(): Promise<void>;
}

const ACCOUNT = 'vpp-token';

type Keytar = typeof import('keytar');

export class KeytarVault implements Vault {
  private keytar: Promise<Keytar> | null = null;
  /** keytar calls run one at a time: libsecret misbehaves under concurrent calls. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly service: string,
    private readonly load: () => Promise<Keytar> = () => import('keytar'),
  ) {}

  private async lib(): Promise<Keytar> {
    this.keytar ??= this.load().then((m) => (m as Keytar & { default?: Keytar }).default ?? m);
    try {
      return await this.keytar;
    } catch (err) {
      this.keytar = null;
      throw new VppError('KEYCHAIN_UNAVAILABLE', undefined, { cause: err });
    }
  }

  private serial<T>(op: (k: Keytar) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => guard(op, await this.lib()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  get(): Promise<string | null> {
    return this.serial((k) => k.getPassword(this.service, ACCOUNT));
  }

  async set(secret: string): Promise<void> {
    await this.serial((k) => k.setPassword(this.service, ACCOUNT, secret));
  }

  async clear(): Promise<void> {
    await this.serial((k) => k.deletePassword(this.service, ACCOUNT));
  }
}

async function guard<T>(op: (k: Keytar) => Promise<T>, k: Keytar): Promise<T> {
  try {
    return await op(k);
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
