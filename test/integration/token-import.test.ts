// Token upload through the real core: real keychain, real cache file, real
// HTTP to the simulator. Every refusal leaves keychain and cache untouched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VppError } from '../../shared/errors';
import { makeTokenFile, startSimulator, type Simulator } from '../fakes/apple-simulator';
import { cacheSnapshot, openCore, type TestCore } from '../helpers/core';

let sim: Simulator;
let t: TestCore;

beforeEach(async () => {
  sim = await startSimulator({ seed: 1 });
  t = await openCore(sim.url);
});
afterEach(async () => {
  await t.dispose();
  await sim.close();
});

const upload = (fileContent: string, extra: Record<string, unknown> = {}) =>
  t.call('token:import', {
    fileContent,
    appleId: 'admin@example.edu',
    label: 'Main',
    acceptAccountLock: true,
    ...extra,
  });

async function refused(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VppError);
  expect((err as VppError).code).toBe(code);
  expect((err as VppError).message).toMatch(pattern);
}

describe('token import', () => {
  it('accepts a token: secret in the keychain only, metadata in the cache, claimed for VPP Desk', async () => {
    const content = sim.issueToken();
    const status = await upload(content);
    expect(status.state).toBe('valid');
    expect(status.label).toBe('Main');
    expect(status.appleId).toBe('admin@example.edu');
    expect(status.uId).toBeTruthy();
    expect(status.daysLeft).toBeGreaterThan(300);
    expect(await t.vault.get()).toBe(content);
    const cache = await cacheSnapshot(t.home);
    expect(cache).not.toContain(content);
    expect(cache).not.toContain(JSON.parse(Buffer.from(content, 'base64').toString()).token);
    // Apple now names us as the token's manager.
    const cfg = await fetch(`${sim.url}/client/config`, { headers: { authorization: `Bearer ${content}` } }).then((r) =>
      r.json(),
    );
    expect(cfg.mdmInfo.name).toBe('VPP Desk');
  });

  it('never writes the token to any file in the data folder, through import, sync and a failed call', async () => {
    const content = sim.issueToken();
    const inner = JSON.parse(Buffer.from(content, 'base64').toString()).token as string;
    await upload(content);
    await t.call('sync:now', { full: true });
    const fired = sim.faults.fired();
    // Until cleared: five faults were retried through and the "failed" call succeeded.
    sim.faults.set({ kind: 'error-200', errorNumber: 9603, count: -1 });
    // The failed call must really fail (and through the fault), or the check below covers no failure path.
    await expect(t.call('sync:now', { full: true })).rejects.toBeInstanceOf(Error);
    expect(sim.faults.fired()).toBeGreaterThan(fired);
    sim.faults.clear();
    const fs = await import('node:fs/promises');
    const files = await fs.readdir(t.home);
    expect(files.length).toBeGreaterThan(1);
    for (const name of files) {
      const text = await fs.readFile(`${t.home}/${name}`, 'utf8');
      expect(text.includes(content), name).toBe(false);
      expect(text.includes(inner), name).toBe(false);
    }
  });

  it('treats a later token of the same location as a renewal with the new expiry', async () => {
    // Relative to today: fixed dates become the past (or "expires sooner" than a fresh token) as time goes by.
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
    await upload(sim.issueToken({ expDate: inDays(200) }));
    const later = inDays(340);
    const renewed = await upload(sim.issueToken({ expDate: later }));
    expect(renewed.expiresAt?.slice(0, 10)).toBe(later.toISOString().slice(0, 10));
    const activity = await t.call('activity:query', {});
    expect(activity.rows.map((r) => r.kind)).toContain('token-renewed');
  });

  it('refuses without the account-lock confirmation, writing nothing', async () => {
    const before = await cacheSnapshot(t.home);
    await refused(
      upload(sim.issueToken(), { acceptAccountLock: false }),
      'ACCOUNT_LOCK_NOT_ACCEPTED',
      /cannot be changed later/,
    );
    expect(await t.vault.get()).toBeNull();
    expect(await cacheSnapshot(t.home)).toBe(before);
    expect((await t.call('token:status', {})).state).toBe('none');
  });

  describe('refusals leave keychain and cache exactly as they were', () => {
    let before: string | null;
    let firstContent: string;

    beforeEach(async () => {
      firstContent = sim.issueToken();
      await upload(firstContent);
      before = await cacheSnapshot(t.home);
    });

    async function untouched(): Promise<void> {
      expect(await t.vault.get()).toBe(firstContent);
      expect(await cacheSnapshot(t.home)).toBe(before);
    }

    it('malformed file', async () => {
      await refused(upload('this is not a token'), 'TOKEN_MALFORMED', /not a valid VPP token/);
      await untouched();
    });

    it('expired token (by its date)', async () => {
      await refused(upload(sim.issueToken({ expDate: new Date('2025-01-01T00:00:00Z') })), 'TOKEN_EXPIRED', /expired/);
      await untouched();
    });

    it('expired token (Apple says 9621)', async () => {
      const content = sim.issueToken();
      sim.expireToken(content);
      await refused(upload(content), 'TOKEN_EXPIRED', /expired/);
      await untouched();
    });

    it('revoked token (9625)', async () => {
      const content = sim.issueToken();
      sim.revokeToken(content);
      await refused(upload(content), 'TOKEN_REVOKED', /revoked/);
      await untouched();
    });

    it('a token Apple calls invalid, even inside HTTP 200 (9622)', async () => {
      const unknown = makeTokenFile({
        token: 'never-issued',
        // Later than the token in place (issued today for a year), so only Apple's answer can refuse it.
        expDate: new Date(Date.now() + 3 * 365 * 86_400_000),
        orgName: 'Nobody',
      });
      await refused(upload(unknown), 'TOKEN_INVALID', /invalid/);
      await untouched();
    });

    it('a token of another Apple account/location', async () => {
      sim.addLocation({ uId: '999000', locationName: 'Other Campus' });
      await refused(upload(sim.issueToken({ uId: '999000' })), 'ACCOUNT_MISMATCH', /Other Campus.*bound to/);
      await untouched();
    });

    it('a token used by another product names it and says to generate a new one; a confirmed take-over works', async () => {
      const content = sim.issueToken();
      sim.setMdmInfo(undefined, { id: 'jamf-1', name: 'Jamf Pro', metadata: '11.0' });
      await refused(upload(content), 'TOKEN_IN_USE', /Jamf Pro.*Generate a new token/);
      await untouched();
      const status = await upload(content, { allowTakeover: true });
      expect(status.state).toBe('valid');
      expect(await t.vault.get()).toBe(content);
    });
  });

  it('removing the token clears the keychain but keeps the binding to the account', async () => {
    await upload(sim.issueToken());
    const status = await t.call('token:remove', {});
    expect(status.state).toBe('none');
    expect(await t.vault.get()).toBeNull();
    sim.addLocation({ uId: '777', locationName: 'Elsewhere' });
    await refused(upload(sim.issueToken({ uId: '777' })), 'ACCOUNT_MISMATCH', /bound to/);
  });
});
