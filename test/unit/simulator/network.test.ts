// The network the simulator models: a strict rolling window per token with
// Retry-After: 1 above it, and latency with seeded jitter.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { Latency } from '../../fakes/apple-simulator/latency';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('rate limit', () => {
  it('answers 429 with Retry-After: 1 above the limit in one rolling second, per token', async () => {
    const s = (sim = await startSimulator({ seed: 5, enforceRateLimit: true, rateLimitPerSecond: 3 }));
    const token = s.issueToken();
    const other = s.issueToken();
    const get = (t: string) => fetch(`${s.url}/assets`, { headers: { authorization: `Bearer ${t}` } });
    const answers = await Promise.all([get(token), get(token), get(token), get(token), get(other)]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((st) => st === 429)).toHaveLength(1);
    expect(statuses[4]).toBe(200);
    const refused = answers.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(await refused?.json()).toMatchObject({ errorNumber: 9646 });
  });
});

describe('latency', () => {
  it('spreads each delay evenly around the latency, the same for the same seed', () => {
    const a = new Latency(250, 40, 7);
    const b = new Latency(250, 40, 7);
    const delays = Array.from({ length: 500 }, () => a.next());
    expect(Array.from({ length: 500 }, () => b.next())).toEqual(delays);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(230);
    expect(Math.max(...delays)).toBeLessThanOrEqual(270);
    expect(new Set(delays).size).toBeGreaterThan(20);
    expect(new Latency(250).jitterMs).toBe(25);
  });
});
