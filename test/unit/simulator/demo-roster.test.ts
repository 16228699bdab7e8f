// The demo's roster leaves people and devices out, so the reclaim view has something to show.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseRoster } from '../../../electron/core/views/roster';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';

let sim: Simulator;
beforeAll(async () => {
  // The organisation scripts/demo.mjs starts.
  sim = await startSimulator({ demo: true, apps: 24, users: 320, assignments: 520 });
});
afterAll(() => sim.close());

it('lists most holders but not all: people, devices and other-tool licenses outside it', async () => {
  const text = await fs.readFile(path.join(__dirname, '../../fakes/apple-simulator/demo-roster.csv'), 'utf8');
  const roster = parseRoster(text, 'demo-roster.csv', new Date(0).toISOString());
  const emails = new Set(roster.emails);
  const serials = new Set(roster.serialNumbers);
  const all = [...new Set(sim.listAssets().map((a) => a.adamId))].flatMap((id) => sim.assignmentsFor(id));
  const outside = all.filter((a) =>
    a.clientUserId ? !emails.has(sim.user(a.clientUserId)?.email ?? '') : !serials.has(a.serialNumber ?? ''),
  );
  expect(outside.filter((a) => a.clientUserId).length).toBeGreaterThan(10);
  expect(outside.filter((a) => a.serialNumber).length).toBeGreaterThan(3);
  expect(outside.length).toBeLessThan(all.length / 4);
});
