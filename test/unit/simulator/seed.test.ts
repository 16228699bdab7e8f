import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { walk } from './helpers';

let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
const start = async (...args: Parameters<typeof startSimulator>): Promise<Simulator> => {
  const s = await startSimulator(...args);
  sims.push(s);
  return s;
};

describe('seed', () => {
  it('is deterministic: the same seed gives the same organisation', async () => {
    const a = await start({ seed: 5 });
    const b = await start({ seed: 5 });
    const c = await start({ seed: 6 });
    expect(b.listAssets()).toEqual(a.listAssets());
    expect(b.usersByStatus('Registered', 1000)).toEqual(a.usersByStatus('Registered', 1000));
    expect(b.uId).toBe(a.uId);
    expect(c.listAssets()).not.toEqual(a.listAssets());
  });

  it('has every user status, device assignments, nearly and fully used assets, STDQ and PLUS, apps and books', async () => {
    const sim = await start({ seed: 1 });
    const token = sim.issueToken();
    expect(sim.state()).toMatchObject({ users: 40, assignments: 60 });
    const users = (await walk(sim, token, '/users', 'users')).records;
    const registered = users.filter((u) => u.status === 'Registered');
    const associated = users.filter((u) => u.status === 'Associated');
    const retired = users.filter((u) => u.status === 'Retired');
    expect(registered.length && associated.length && retired.length).toBeTruthy();
    expect(registered.every((u) => typeof u.inviteCode === 'string' && u.idHash === undefined)).toBe(true);
    expect(associated.every((u) => typeof u.idHash === 'string' && u.inviteCode === undefined)).toBe(true);
    const assignments = (await walk(sim, token, '/assignments', 'assignments')).records;
    expect(assignments.some((a) => a.serialNumber !== undefined)).toBe(true);
    expect(assignments.some((a) => a.clientUserId !== undefined)).toBe(true);
    const retiredIds = new Set(retired.map((u) => u.clientUserId));
    expect(assignments.some((a) => retiredIds.has(a.clientUserId))).toBe(false);
    const assets = sim.listAssets();
    expect(assets.some((a) => a.availableCount === 0 && a.assignedCount > 0)).toBe(true);
    expect(assets.some((a) => a.availableCount >= 1 && a.availableCount <= 3)).toBe(true);
    expect(new Set(assets.map((a) => a.pricingParam))).toEqual(new Set(['STDQ', 'PLUS']));
    expect(new Set(assets.map((a) => a.productType))).toEqual(new Set(['App', 'Book']));
    expect(assets.every((a) => a.supportedPlatforms.length > 0)).toBe(true);
    expect(assets.some((a) => a.retiredCount > 0)).toBe(true);
  });

  it('demo mode uses recognisable names', async () => {
    const sim = await start({ seed: 2, demo: true });
    const names = sim.listAssets().map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Keynote', 'Pages', 'Numbers', 'Slack']));
    expect(
      sim.usersByStatus('Associated', 3).every((u) => /^[a-z]+\.[a-z]+\d*@example\.edu$/.test(u.email ?? '')),
    ).toBe(true);
    expect(sim.state().locations[0]?.orgName).not.toBe('Simulated Organization');
  });

  it('builds a 5,000-app, 100,000-user, 200,000-assignment organisation and serves its pages', async () => {
    const t0 = performance.now();
    const sim = await start({ seed: 3, apps: 5000, users: 100_000, assignments: 200_000 });
    const built = performance.now() - t0;
    const token = sim.issueToken();
    const state = sim.state();
    expect(state).toMatchObject({ users: 100_000, assignments: 200_000 });
    expect(state.assets).toBeGreaterThanOrEqual(5000);
    const t1 = performance.now();
    const first = await fetch(`${sim.url}/users?pageIndex=0`, { headers: { authorization: `Bearer ${token}` } });
    const last = await fetch(`${sim.url}/assignments?pageIndex=799`, { headers: { authorization: `Bearer ${token}` } });
    const lastBody = (await last.json()) as { assignments: unknown[]; totalPages: number; nextPageIndex?: number };
    expect(((await first.json()) as { totalPages: number }).totalPages).toBe(400);
    expect(lastBody).toMatchObject({ totalPages: 800 });
    expect(lastBody.assignments.length).toBe(250);
    expect(lastBody.nextPageIndex).toBeUndefined();
    console.log(
      `[simulator] 100k-user seed built in ${built.toFixed(0)} ms; two pages served in ${(performance.now() - t1).toFixed(0)} ms`,
    );
  });
});
