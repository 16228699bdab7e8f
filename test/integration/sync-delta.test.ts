// Incremental syncs after assignments changed at Apple: the delta's pages,
// and whole only the apps whose counts show a removal, never every
// assignment again, and the cache then holds exactly Apple's assignments.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openWithToken, type TestCore } from '../helpers/core';
import { freshApp, usersWithout } from '../helpers/org';
import { write } from '../unit/simulator/helpers';

let sim: Simulator;
let t: TestCore;

interface MainWithParts {
  parts: { assignments: { file: string } };
}

beforeEach(async () => {
  // 2,000 assignments in pages of 100: a full walk is 20 pages.
  sim = await startSimulator({ seed: 8, apps: 30, users: 600, assignments: 2000, pageSize: 100, eventDelayMs: 20 });
  t = await openWithToken(sim);
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

const keyOf = (a: {
  adamId: string;
  pricingParam: string;
  clientUserId?: string | null;
  serialNumber?: string | null;
}) => `${a.adamId}|${a.pricingParam}|${a.clientUserId ?? ''}|${a.serialNumber ?? ''}`;

/** Every assignment Apple holds. */
function apples(): string[] {
  const seen = new Set(sim.listAssets().map((a) => a.adamId));
  return [...seen].flatMap((adamId) => sim.assignmentsFor(adamId).map(keyOf)).sort();
}

async function cached(): Promise<string[]> {
  const rows: string[] = [];
  for (let offset = 0; ; offset += 5000) {
    const page = await t.call('assignments:query', { offset, limit: 5000 });
    rows.push(...page.rows.map(keyOf));
    if (rows.length >= page.total) return rows.sort();
  }
}

/** The /assignments requests of a sync, by kind. */
function assignmentReads(from: number) {
  const reads = sim.requests.slice(from).filter((r) => r.path.endsWith('/assignments'));
  return {
    delta: reads.filter((r) => r.query.sinceVersionId !== undefined).length,
    perApp: reads.filter((r) => r.query.adamId !== undefined).map((r) => r.query.adamId),
    full: reads.filter((r) => r.query.sinceVersionId === undefined && r.query.adamId === undefined).length,
  };
}

async function deployed(licenses: number, users: number): Promise<{ adamId: string; ids: string[] }> {
  const { adamId } = freshApp(sim, licenses);
  await t.call('sync:now', { full: true });
  const ids = usersWithout(sim, adamId, 'Associated', users);
  await t.call('deploy:run', { adamId, clientUserIds: ids, action: 'required' });
  return { adamId, ids };
}

describe('incremental sync after assignments changed', () => {
  it('after its own deployment, reads that app again whole (the rows it added may not all hold at Apple)', async () => {
    const { adamId } = await deployed(5, 4);
    const before = sim.requests.length;
    await t.call('sync:now', { full: false });
    expect(assignmentReads(before)).toEqual({ delta: 1, perApp: [adamId], full: 0 });
    expect(await cached()).toEqual(apples());
  });

  it('reads the delta’s pages for new assignments, not all 20 pages again', async () => {
    const { adamId } = await deployed(5, 4);
    // Made elsewhere (another console): this cache has never seen them.
    const others = usersWithout(sim, adamId, 'Associated', 1);
    await write(sim, sim.issueToken(), '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: others,
    });
    await t.call('sync:now', { full: false });
    const [more] = usersWithout(sim, adamId, 'Associated', 1);
    await write(sim, sim.issueToken(), '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [more],
    });
    const before = sim.requests.length;
    const summary = await t.call('sync:now', { full: false });
    expect(summary.mode).toBe('incremental');
    expect(assignmentReads(before)).toEqual({ delta: 1, perApp: [], full: 0 });
    expect(await cached()).toEqual(apples());
    expect(summary.assignments).toBe(apples().length);
  });

  it('finds a removal made elsewhere by the app’s count and reads that app alone again', async () => {
    const { adamId, ids } = await deployed(5, 3);
    await t.call('sync:now', { full: false });
    // Another MDM (or Apple Business Manager) takes a license back: Apple's delta never lists it.
    await write(sim, sim.issueToken(), '/assets/disassociate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [ids[0]],
    });
    const before = sim.requests.length;
    await t.call('sync:now', { full: false });
    expect(assignmentReads(before)).toEqual({ delta: 1, perApp: [adamId], full: 0 });
    const now = await cached();
    expect(now).toEqual(apples());
    expect(now).not.toContain(`${adamId}|STDQ|${ids[0]}|`);
  });

  it('a removal and a new assignment in one app, and changes in another, come out exactly as Apple holds them', async () => {
    const { adamId, ids } = await deployed(6, 3);
    await t.call('sync:now', { full: false });
    const token = sim.issueToken();
    const [other] = usersWithout(sim, adamId, 'Associated', 1);
    // Same count for the app (one out, one in): only the delta row of the new one shows.
    await write(sim, token, '/assets/disassociate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [ids[1]],
    });
    await write(sim, token, '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [other],
    });
    const before = sim.requests.length;
    await t.call('sync:now', { full: false });
    expect(assignmentReads(before)).toMatchObject({ perApp: [adamId], full: 0 });
    expect(await cached()).toEqual(apples());
  });

  it('a deployment finishing while a sync reads Apple is kept (merged into the part in force), then read again', async () => {
    const { adamId } = await deployed(6, 1);
    await t.call('sync:now', { full: false });
    // The sync stops with Apple's delta in hand, read before the deployment below.
    const held = sim.hold({ path: '/assignments', phase: 'answered' });
    const syncing = t.call('sync:now', { full: false });
    const delta = await held;
    const [user] = usersWithout(sim, adamId, 'Associated', 1);
    await t.call('deploy:run', { adamId, clientUserIds: [user as string], action: 'required' });
    delta.release();
    await syncing;
    // The sync's change went into the part the deployment wrote, not the one the sync started from.
    expect(await cached()).toContain(`${adamId}|STDQ|${user}|`);
    const before = sim.requests.length;
    await t.call('sync:now', { full: false });
    expect(assignmentReads(before).perApp).toEqual([adamId]);
    expect(await cached()).toEqual(apples());
  });

  it('a sync whose changes a deployment displaced reads Apple again at once: both in the cache after that one sync', async () => {
    const { adamId } = await deployed(8, 1);
    await t.call('sync:now', { full: false });
    // Granted elsewhere (another console): only this sync's read brings it into the cache.
    const [other, mine] = usersWithout(sim, adamId, 'Associated', 2) as [string, string];
    await write(sim, sim.issueToken(), '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: [other],
    });
    const before = sim.requests.length;
    const syncs = async () => ({
      history: (await t.call('sync:status', {})).history,
      lines: (await t.call('activity:query', { kind: 'sync', limit: 500 })).total,
    });
    const prior = await syncs();
    const held = sim.hold({ path: '/assignments', phase: 'answered' });
    const syncing = t.call('sync:now', { full: false });
    const delta = await held;
    await t.call('deploy:run', { adamId, clientUserIds: [mine], action: 'required' });
    delta.release();
    const summary = await syncing;
    // One sync to the admin, however many passes it took: one history entry (newest first) spanning them, one line.
    const after = await syncs();
    expect(after.history).toHaveLength(prior.history.length + 1);
    expect(after.history[0]).toMatchObject({ ok: true, summary: { ...summary, mode: 'incremental' } });
    expect(after.lines).toBe(prior.lines + 1);
    const rows = await cached();
    expect(rows).toContain(`${adamId}|STDQ|${other}|`);
    expect(rows).toContain(`${adamId}|STDQ|${mine}|`);
    expect(rows).toEqual(apples());
    // Read again as changes (the delta twice), not every assignment.
    const reads = assignmentReads(before);
    expect(reads.full).toBe(0);
    expect(reads.delta).toBeGreaterThanOrEqual(2);
  });

  it('a cached part lost under it fails that sync with a message, and the next reads the assignments whole', async () => {
    await t.call('sync:now', { full: true });
    const [adamId] = sim.listAssets().map((a) => a.adamId);
    const ids = usersWithout(sim, adamId as string, 'Associated', 1);
    await write(sim, sim.issueToken(), '/assets/associate', {
      assets: [{ adamId, pricingParam: 'STDQ' }],
      clientUserIds: ids,
    });
    const part = (await fs.readdir(t.home)).find((f) => f.endsWith('.assignments.json'));
    await fs.rm(path.join(t.home, part as string));
    await expect(t.call('sync:now', { full: false })).rejects.toThrow(/cached assignments could not be read/);
    const before = sim.requests.length;
    await t.call('sync:now', { full: false });
    expect(assignmentReads(before).full).toBeGreaterThan(0);
    expect(await cached()).toEqual(apples());
  });

  it('a row check made against the assignments is not repeated by a process started later (it reads them all)', async () => {
    await deployed(5, 4);
    // This sync reads the deployed app again, writes a new part and checks the deployment rows against it.
    await t.call('sync:now', { full: false });
    const read = async <T>(file: string) => JSON.parse(await fs.readFile(path.join(t.home, file), 'utf8')) as T;
    const partInForce = async () => {
      const main = await read<{ snapshotFile: string }>('vpp-desk-cache.json');
      return (await read<MainWithParts>(main.snapshotFile)).parts.assignments.file;
    };
    const checked = await partInForce();
    t = await t.reopen();
    // Gone where only a read of the assignments notices: a sync with nothing changed does not read them.
    await fs.rm(path.join(t.home, checked));
    await t.call('sync:now', { full: false });
    expect(await partInForce()).toBe(checked);
  });

  it('reads the counts per app only for a delta with changes; lost, the sync reads every assignment instead', async () => {
    await t.call('sync:now', { full: true });
    const countsFile = async () =>
      path.join(t.home, (await fs.readdir(t.home)).find((f) => f.endsWith('.assignments.counts.json')) as string);
    const read = vi.spyOn(fs, 'readFile');
    const countsReads = () => read.mock.calls.filter(([file]) => String(file).endsWith('.counts.json')).length;
    try {
      await t.call('sync:now', { full: false });
      expect(countsReads()).toBe(0);
      const [adamId] = sim.listAssets().map((a) => a.adamId);
      await write(sim, sim.issueToken(), '/assets/associate', {
        assets: [{ adamId, pricingParam: 'STDQ' }],
        clientUserIds: usersWithout(sim, adamId as string, 'Associated', 1),
      });
      await fs.rm(await countsFile());
      const before = sim.requests.length;
      await t.call('sync:now', { full: false });
      expect(countsReads()).toBe(1);
      expect(assignmentReads(before).full).toBeGreaterThan(0);
      expect(await cached()).toEqual(apples());
    } finally {
      read.mockRestore();
    }
  });
});
