// Token upload and renewal: the account binding, the other-product rule, and nothing stored on a refusal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TokenService,
  type ClientConfigApi,
  type ClientConfigLike,
  type MdmInfo,
} from '../../../../electron/core/token/token-service';
import { MemoryVault } from '../../../../electron/core/token/vault';
import { contract } from '../../../../shared/contract';
import { VppError } from '../../../../shared/errors';
import { tempStore, type TempStore } from '../../../helpers/cache';
import { ManualClock } from '../../../helpers/clock';

const OURS: MdmInfo = { id: 'install-1', name: 'VPP Desk', metadata: 'vpp-desk' };
const OTHER: MdmInfo = { id: 'other-mdm', name: 'Jamf Pro', metadata: '' };
const START = new Date('2026-11-24T09:00:00Z');

/** A .vpptoken file's text: Base64 of {token, expDate, orgName}. */
function tokenFile(secret: string, expDate = '2027-11-24T09:00:00+0000', orgName = 'Acme'): string {
  return Buffer.from(JSON.stringify({ token: secret, expDate, orgName })).toString('base64');
}

/** Apple's client config for one token, and the claims (setClientConfig) made with it. */
class FakeClientConfig implements ClientConfigApi {
  readonly claims: MdmInfo[] = [];
  constructor(
    private config: ClientConfigLike,
    private readonly refusal?: Error,
  ) {}
  async getClientConfig(): Promise<ClientConfigLike> {
    if (this.refusal) throw this.refusal;
    return { ...this.config };
  }
  async setClientConfig(body: { mdmInfo: MdmInfo }): Promise<ClientConfigLike> {
    this.claims.push(body.mdmInfo);
    this.config = { ...this.config, mdmInfo: body.mdmInfo };
    return { ...this.config };
  }
}

const FILE_A = tokenFile('secret-a-0123456789');
const FILE_B = tokenFile('secret-b-0123456789', '2028-01-31T12:00:00+0000');

let temp: TempStore;
let vault: MemoryVault;
let clock: ManualClock;
let apple: Map<string, FakeClientConfig>;
let changed: number;
let service: TokenService;

beforeEach(async () => {
  clock = new ManualClock(START);
  temp = await tempStore(undefined, clock);
  vault = new MemoryVault();
  apple = new Map();
  changed = 0;
  service = new TokenService({
    store: temp.store,
    vault,
    clock,
    ourMdmInfo: OURS,
    appleFor: (content) => {
      const api = apple.get(content);
      if (!api) throw new Error('no Apple for this token');
      return api;
    },
    onChanged: () => changed++,
  });
});
afterEach(async () => {
  await temp.dispose();
});

function appleSays(file: string, config: ClientConfigLike, refusal?: Error): FakeClientConfig {
  const api = new FakeClientConfig(config, refusal);
  apple.set(file, api);
  return api;
}

const upload = (fileContent: string, over: Record<string, unknown> = {}) =>
  service.import(
    contract['token:import'].request.parse({
      fileContent,
      appleId: 'admin@acme.example',
      acceptAccountLock: true,
      ...over,
    }),
  );

const HQ: ClientConfigLike = {
  uId: 'loc-1',
  locationName: 'Acme HQ',
  countryISO2ACode: 'GB',
  tokenExpirationDate: '2027-11-20T10:00:00+0000',
};

/** What a refused upload must leave: the keychain, the cache (no write at all) and no change signal. */
async function unchangedSince(before: { secret: string | null; generation: number; changed: number }) {
  expect(await vault.get()).toBe(before.secret);
  expect(temp.store.generation).toBe(before.generation);
  expect(changed).toBe(before.changed);
}

const now = async () => ({ secret: await vault.get(), generation: temp.store.generation, changed });

describe('TokenService.import', () => {
  it('binds the install to the first token’s account, claims the token for VPP Desk and keeps it in the keychain', async () => {
    const hq = appleSays(FILE_A, HQ);

    const status = await upload(FILE_A, { label: 'Acme devices' });

    expect(status).toMatchObject({
      state: 'valid',
      label: 'Acme devices',
      appleId: 'admin@acme.example',
      orgName: 'Acme',
      locationName: 'Acme HQ',
      countryCode: 'GB',
      uId: 'loc-1',
      // Apple's expiry wins over the file's.
      expiresAt: '2027-11-20T10:00:00.000Z',
    });
    expect(temp.store.data.account).toEqual({
      uId: 'loc-1',
      locationName: 'Acme HQ',
      orgName: 'Acme',
      boundAt: START.toISOString(),
    });
    expect(hq.claims).toEqual([OURS]);
    expect(await vault.get()).toBe(FILE_A);
    expect((await temp.store.activity()).at(-1)).toMatchObject({
      kind: 'token-uploaded',
      message: 'Token "Acme devices" uploaded for Acme HQ by admin@acme.example; expires 2027-11-20.',
    });
    expect(changed).toBe(1);
  });

  it('renews with a token of the same account: new secret and expiry, same binding and label, a pause lifted', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A, { label: 'Acme devices' });
    await temp.store.update((data) => {
      data.sync.paused = 'The token is expired. Upload a new token to resume syncing.';
    });
    const bound = temp.store.data.account;
    clock.advance(60_000);
    // The renewed token is already VPP Desk's at Apple: no claim is made again.
    const renewal = appleSays(FILE_B, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });

    const status = await upload(FILE_B);

    expect(await vault.get()).toBe(FILE_B);
    expect(temp.store.data.account).toEqual(bound);
    expect(status).toMatchObject({
      state: 'valid',
      label: 'Acme devices',
      expiresAt: '2028-01-31T12:00:00.000Z',
      lastUpdatedAt: new Date(START.getTime() + 60_000).toISOString(),
    });
    expect(temp.store.data.sync.paused).toBeNull();
    expect(renewal.claims).toEqual([]);
    expect((await temp.store.activity()).at(-1)).toMatchObject({
      kind: 'token-renewed',
      message: 'Token renewed for Acme HQ by admin@acme.example; expires 2028-01-31.',
    });
  });

  it('refuses a renewal that expires sooner than the installed token before asking Apple, unless confirmed', async () => {
    appleSays(FILE_A, HQ); // installed: expires 2027-11-20, 361 days left
    await upload(FILE_A);
    const soon = tokenFile('secret-soon-0123456789', '2026-12-03T09:00:00+0000', 'Acme'); // 9 days left
    const before = await now();

    // Apple is not set up for this file: reaching it would throw another error.
    const err = await upload(soon).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VppError);
    expect(err).toMatchObject({ code: 'TOKEN_EXPIRES_SOONER' });
    expect((err as Error).message).toContain('expires on 2026-12-03, 352 day(s) before the installed one (2027-11-20)');
    await unchangedSince(before);

    appleSays(soon, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });
    const status = await upload(soon, { acceptEarlierExpiry: true });
    expect(await vault.get()).toBe(soon);
    expect(status).toMatchObject({ expiresAt: '2026-12-03T09:00:00.000Z' });
  });

  it('lets a later-expiring renewal through, and any token replace one that no longer works', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    await service.markState('revoked');
    const soon = tokenFile('secret-soon-0123456789', '2026-12-03T09:00:00+0000', 'Acme');
    appleSays(soon, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });
    await expect(upload(soon)).resolves.toMatchObject({ state: 'expiring' });
    appleSays(FILE_B, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });
    await expect(upload(FILE_B)).resolves.toMatchObject({ expiresAt: '2028-01-31T12:00:00.000Z' });
  });

  it('refuses a token of another account, naming both, and keeps the bound token', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    const other = appleSays(FILE_B, { uId: 'loc-2', locationName: 'Other School' });
    const before = await now();
    const token = temp.store.data.token;

    const err = await upload(FILE_B).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(VppError);
    expect(err).toMatchObject({ code: 'ACCOUNT_MISMATCH' });
    expect((err as Error).message).toMatch(/belongs to "Other School".*bound to "Acme HQ" \(loc-1\)/);
    expect(other.claims).toEqual([]);
    expect(temp.store.data.token).toEqual(token);
    await unchangedSince(before);
  });

  it('refuses a token another product uses unless a take-over is confirmed, storing nothing', async () => {
    const held = appleSays(FILE_A, { ...HQ, mdmInfo: OTHER });
    const before = await now();

    await expect(upload(FILE_A)).rejects.toMatchObject({
      code: 'TOKEN_IN_USE',
      message: expect.stringContaining('already used by another product ("Jamf Pro")'),
    });

    expect(held.claims).toEqual([]);
    expect(temp.store.data.token).toBeNull();
    expect(temp.store.data.account).toBeNull();
    await unchangedSince(before);
  });

  it('takes the token over from another product when confirmed, and says so in the activity log', async () => {
    const held = appleSays(FILE_A, { ...HQ, mdmInfo: OTHER });

    const status = await upload(FILE_A, { allowTakeover: true });

    expect(status.state).toBe('valid');
    expect(held.claims).toEqual([OURS]);
    expect(await vault.get()).toBe(FILE_A);
    expect(temp.store.data.account?.uId).toBe('loc-1');
    expect((await temp.store.activity()).map((a) => a.message)).toContain(
      'Token taken over from "Jamf Pro" by admin@acme.example.',
    );
  });

  it('refuses before asking Apple when the account lock is not accepted or the token has expired', async () => {
    const hq = appleSays(FILE_A, HQ);
    const expired = tokenFile('secret-old-0123456789', '2026-11-01T00:00:00+0000');
    const before = await now();

    await expect(upload(FILE_A, { acceptAccountLock: false })).rejects.toMatchObject({
      code: 'ACCOUNT_LOCK_NOT_ACCEPTED',
    });
    await expect(upload(expired)).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
      message: 'This token expired on 2026-11-01. Download a new token from Apple Business Manager.',
    });

    expect(hq.claims).toEqual([]);
    await unchangedSince(before);
  });

  it('stores nothing when Apple refuses the token', async () => {
    appleSays(FILE_A, HQ, new VppError('TOKEN_INVALID'));
    const before = await now();
    await expect(upload(FILE_A)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(temp.store.data.token).toBeNull();
    await unchangedSince(before);
  });

  it('puts the keychain back as it was when the cache cannot take the token', async () => {
    appleSays(FILE_A, HQ);
    const failOnce = () => vi.spyOn(temp.store, 'update').mockRejectedValueOnce(new Error('disk full'));

    failOnce();
    await expect(upload(FILE_A)).rejects.toThrow('disk full');
    expect(await vault.get()).toBeNull();

    await upload(FILE_A);
    appleSays(FILE_B, { uId: 'loc-1', mdmInfo: OURS });
    failOnce();
    await expect(upload(FILE_B)).rejects.toThrow('disk full');
    expect(await vault.get()).toBe(FILE_A);
    expect(changed).toBe(1);
  });
});

describe('TokenService.import: what is stored when Apple or the request says less', () => {
  it('labels a first token with its organisation and falls back to the file for location, country and expiry', async () => {
    appleSays(FILE_A, { uId: 'loc-1' });

    const status = await upload(FILE_A);

    // label: no request label, no previous token -> the file's orgName;
    // locationName: neither the claim nor the config names one -> orgName;
    // expiresAt: Apple gives no tokenExpirationDate -> the file's expDate.
    expect(status).toMatchObject({
      label: 'Acme',
      locationName: 'Acme',
      countryCode: null,
      expiresAt: '2027-11-24T09:00:00.000Z',
      uId: 'loc-1',
    });
    expect(temp.store.data.token?.appleState).toBe('valid');
    expect(temp.store.data.account).toMatchObject({ locationName: 'Acme', orgName: 'Acme' });
  });

  it('names the other account by its uId when Apple gives no location name', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    appleSays(FILE_B, { uId: 'loc-9' });
    await expect(upload(FILE_B)).rejects.toMatchObject({
      code: 'ACCOUNT_MISMATCH',
      message: expect.stringContaining('This token belongs to "loc-9", but this install is bound to "Acme HQ" (loc-1)'),
    });
  });

  it('refuses a token that expires at this very moment', async () => {
    const file = tokenFile('secret-now-0123456789', '2026-11-24T09:00:00+0000');
    appleSays(file, { uId: 'loc-1' });
    await expect(upload(file)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    clock.advance(-1);
    await expect(upload(file)).resolves.toMatchObject({ state: 'expiring' });
  });

  it('accepts a renewal that expires exactly when the installed token does, and counts hours sooner as one day', async () => {
    appleSays(FILE_A, { uId: 'loc-1', locationName: 'Acme HQ' }); // installed: the file's 2027-11-24T09:00Z
    await upload(FILE_A);
    const same = tokenFile('secret-same-0123456789', '2027-11-24T09:00:00+0000');
    appleSays(same, { uId: 'loc-1', mdmInfo: OURS });
    await expect(upload(same)).resolves.toMatchObject({ expiresAt: '2027-11-24T09:00:00.000Z' });

    const hoursSooner = tokenFile('secret-hours-0123456789', '2027-11-24T03:00:00+0000');
    await expect(upload(hoursSooner)).rejects.toMatchObject({
      code: 'TOKEN_EXPIRES_SOONER',
      message: expect.stringContaining('expires on 2027-11-24, 1 day(s) before the installed one (2027-11-24)'),
    });
  });

  it('guards a renewal while the installed token is expiring, not once it has expired', async () => {
    const file = tokenFile('secret-short-0123456789', '2026-12-04T09:00:00+0000'); // 10 days: expiring
    appleSays(file, { uId: 'loc-1', mdmInfo: OURS });
    await upload(file);
    expect(service.status().state).toBe('expiring');
    const sooner = tokenFile('secret-sooner-0123456789', '2026-12-01T09:00:00+0000');
    appleSays(sooner, { uId: 'loc-1', mdmInfo: OURS });
    await expect(upload(sooner)).rejects.toMatchObject({ code: 'TOKEN_EXPIRES_SOONER' });
    await service.markState('expired');
    await expect(upload(sooner)).resolves.toMatchObject({ expiresAt: '2026-12-01T09:00:00.000Z' });
  });

  it('logs a token of the bound account as a renewal even after the old token was removed', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    await service.remove();
    appleSays(FILE_B, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });
    await upload(FILE_B);
    expect((await temp.store.activity()).at(-1)).toMatchObject({ kind: 'token-renewed' });
    // No take-over line: the token was already VPP Desk's.
    expect((await temp.store.activity()).filter((a) => a.message.includes('taken over'))).toEqual([]);
  });
});

describe('TokenService.import into a cache that has a token but no account binding', () => {
  it('counts a token of the same account as a renewal', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    // As a cache written before installs were bound to one account would hold it.
    await temp.store.update((data) => {
      data.account = null;
    });
    appleSays(FILE_B, { uId: 'loc-1', locationName: 'Acme HQ', mdmInfo: OURS });
    await upload(FILE_B);
    expect((await temp.store.activity()).at(-1)).toMatchObject({ kind: 'token-renewed' });
    expect(temp.store.data.account?.uId).toBe('loc-1');
  });
});

describe('TokenService.remove, secret and markState', () => {
  it('remove clears the keychain and the token, logs it under its label and signals the change; the binding stays', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A, { label: 'Acme devices' });
    const before = changed;

    const status = await service.remove();

    expect(status.state).toBe('none');
    expect(await vault.get()).toBeNull();
    expect(temp.store.data.token).toBeNull();
    expect(temp.store.data.account?.uId).toBe('loc-1');
    expect((await temp.store.activity()).at(-1)).toMatchObject({
      kind: 'token-removed',
      message: 'Token "Acme devices" removed from this computer.',
    });
    expect(changed).toBe(before + 1);

    // Removing again logs nothing more.
    const entries = (await temp.store.activity()).length;
    await service.remove();
    expect(await temp.store.activity()).toHaveLength(entries);
  });

  it('secret returns the keychain’s token and refuses with NO_TOKEN when there is none', async () => {
    await expect(service.secret()).rejects.toMatchObject({ code: 'NO_TOKEN' });
    await vault.set(FILE_A);
    await expect(service.secret()).resolves.toBe(FILE_A);
  });

  it('markState records Apple’s verdict once, pauses syncing and signals the change; nothing without a token', async () => {
    await service.markState('revoked');
    expect(temp.store.data.token).toBeNull();
    expect(temp.store.data.sync.paused).toBeNull();
    expect(await temp.store.activity()).toEqual([]);

    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    const before = changed;
    await service.markState('revoked');
    expect(temp.store.data.token?.appleState).toBe('revoked');
    expect(service.status().state).toBe('revoked');
    expect(temp.store.data.sync.paused).toBe('The token is revoked. Upload a new token to resume syncing.');
    expect((await temp.store.activity()).at(-1)).toMatchObject({
      kind: 'token-state',
      message: 'Apple reports the token as revoked; scheduled syncs are paused.',
    });
    expect(changed).toBe(before + 1);

    const entries = (await temp.store.activity()).length;
    await service.markState('revoked');
    expect(await temp.store.activity()).toHaveLength(entries);
  });
});

describe('TokenService.recoverFromKeychain', () => {
  it('restores the token’s details from the keychain after the cache was rebuilt', async () => {
    appleSays(FILE_A, HQ);
    await upload(FILE_A);
    // The rebuilt cache kept the binding (last good copy) but lost the token.
    await temp.store.update((data) => {
      data.token = null;
    });
    clock.advance(60_000);
    const before = changed;

    await expect(service.recoverFromKeychain()).resolves.toBe(true);

    expect(temp.store.data.token).toEqual({
      label: 'Acme',
      appleId: '',
      orgName: 'Acme',
      locationName: 'Acme',
      countryCode: null,
      uId: 'loc-1',
      expiresAt: '2027-11-24T09:00:00.000Z',
      lastUpdatedAt: new Date(START.getTime() + 60_000).toISOString(),
      appleState: 'valid',
    });
    expect((await temp.store.activity()).at(-1)).toMatchObject({
      kind: 'token-state',
      message:
        'Token details restored from the keychain after the local cache was rebuilt; the next sync fills in the rest.',
    });
    expect(changed).toBe(before + 1);
  });

  it('leaves the uId empty when no account is bound', async () => {
    await vault.set(FILE_A);
    await expect(service.recoverFromKeychain()).resolves.toBe(true);
    expect(temp.store.data.token?.uId).toBe('');
  });

  it('does nothing when the cache has a token, the keychain is empty, unreadable or holds no token file', async () => {
    const unchanged = async (locked = false) => {
      const before = await now();
      if (locked) vi.spyOn(vault, 'get').mockRejectedValueOnce(new Error('keychain locked'));
      await expect(service.recoverFromKeychain()).resolves.toBe(false);
      await unchangedSince(before);
    };
    await unchanged(); // empty keychain
    await vault.set('not a token file');
    await unchanged();
    await vault.set(FILE_A);
    await unchanged(true);
    await vault.clear();

    appleSays(FILE_A, HQ);
    await upload(FILE_A, { label: 'Acme devices' });
    const token = temp.store.data.token;
    await unchanged();
    expect(temp.store.data.token).toEqual(token);
  });
});
