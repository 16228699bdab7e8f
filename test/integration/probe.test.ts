// The window learns it is offline (and back online) without waiting for a sync.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/core/base/clock';
import { Connectivity } from '../../electron/core/net/connectivity';
import { Probe } from '../../electron/core/net/probe';
import { startSimulator } from '../fakes/apple-simulator';

describe('Probe', () => {
  it('flips connectivity with Apple’s reachability and tells the window', async () => {
    const sim = await startSimulator({ seed: 9 });
    let changes = 0;
    const connectivity = new Connectivity(() => changes++);
    const probe = new Probe({ apiUrl: sim.url, clock: systemClock, connectivity });
    expect(await probe.once()).toBe(true);
    expect(connectivity.online).toBe(true);
    await sim.close();
    expect(await probe.once()).toBe(false);
    expect(connectivity.online).toBe(false);
    expect(changes).toBe(1);
    expect(() => connectivity.require()).toThrow(/offline/i);
  });

  it('counts an Apple error answer as online', async () => {
    const sim = await startSimulator({ seed: 9 });
    sim.faults.set({ kind: 'server-error', status: 503, count: 1, retryAfter: 0 });
    const connectivity = new Connectivity(() => undefined);
    connectivity.set(false);
    await new Probe({ apiUrl: sim.url, clock: systemClock, connectivity }).once();
    expect(connectivity.online).toBe(true);
    await sim.close();
  });
});
