// A damaged install.json must not make VPP Desk take its own claim on the
// token for another product's: it is restored from its copy, and when no copy
// is left, Apple calls are refused with a sentence until the admin re-uploads.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { openCore, type TestCore } from '../helpers/core';

let sim: Simulator;
let t: TestCore;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({ seed: 4, apps: 5, users: 50, assignments: 20, eventDelayMs: 20 });
  t = await openCore(sim.url);
  token = sim.issueToken();
  await t.call('token:import', { fileContent: token, appleId: 'admin@example.edu', acceptAccountLock: true });
  await t.call('sync:now', { full: true });
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

describe('install id', () => {
  it('a damaged install.json is restored and syncing goes on', async () => {
    await fs.writeFile(path.join(t.home, 'install.json'), '{"installId": 4');
    t = await t.reopen();
    await t.call('sync:now', { full: false });
    const status = await t.call('sync:status', {});
    expect(status.paused).toBeNull();
    const info = await t.call('app:info', {});
    expect(info.notices).toEqual([expect.stringMatching(/restored from its backup copy/)]);
  });

  it('with no copy left, Apple calls are refused with a sentence until the token is uploaded again', async () => {
    await fs.writeFile(path.join(t.home, 'install.json'), 'garbage');
    await fs.rm(path.join(t.home, 'install.backup.json'));
    t = await t.reopen();
    await expect(t.call('sync:now', { full: false })).rejects.toMatchObject({
      code: 'INSTALL_ID_LOST',
      message: expect.stringMatching(/Upload the token again and confirm the take-over/),
    });
    // Never mistaken for another product's take-over.
    expect((await t.call('sync:status', {})).paused).toBeNull();
    // The upload names VPP Desk's old claim and asks to confirm the take-over.
    await expect(
      t.call('token:import', { fileContent: token, appleId: 'admin@example.edu', acceptAccountLock: true }),
    ).rejects.toMatchObject({ code: 'TOKEN_IN_USE', message: expect.stringMatching(/VPP Desk/) });
    await t.call('token:import', {
      fileContent: token,
      appleId: 'admin@example.edu',
      acceptAccountLock: true,
      allowTakeover: true,
    });
    await t.call('sync:now', { full: false });
    t = await t.reopen();
    await t.call('sync:now', { full: false });
    expect((await t.call('sync:status', {})).paused).toBeNull();
  });
});
