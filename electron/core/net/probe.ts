/**
 * Tells the window whether Apple can be reached without waiting for the
 * next sync: one unauthenticated GET /service/config at start-up, then every
 * minute while offline (every ten while online), no retries, short timeout.
 */
import { AppleClient, type WireFetch } from '../apple';
import type { Clock } from '../base';
import type { Connectivity } from './connectivity';

const OFFLINE_EVERY_MS = 60_000;
const ONLINE_EVERY_MS = 10 * 60_000;

export class Probe {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: { apiUrl: string; clock: Clock; connectivity: Connectivity; fetch?: WireFetch | undefined },
  ) {}

  async once(): Promise<boolean> {
    const client = new AppleClient({
      baseUrl: this.deps.apiUrl,
      token: async () => '',
      clock: this.deps.clock,
      maxRetries: 0,
      timeoutMs: 8000,
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    });
    try {
      await client.serviceConfig();
      this.deps.connectivity.set(true);
      return true;
    } catch (err) {
      // Only "could not reach" means offline; any answer from Apple means online.
      const unreachable = err instanceof Error && 'code' in err && err.code === 'APPLE_UNREACHABLE';
      this.deps.connectivity.set(!unreachable);
      return !unreachable;
    }
  }

  start(): void {
    const loop = async () => {
      const online = await this.once();
      this.timer = setTimeout(() => void loop(), online ? ONLINE_EVERY_MS : OFFLINE_EVERY_MS);
      this.timer.unref();
    };
    void loop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
