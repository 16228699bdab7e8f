import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, write, type Json } from './helpers';

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, demo: true, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterAll(async () => {
  await sim.close();
});

describe('GET /service/config', () => {
  it('needs no token and points every URL at this simulator', async () => {
    const r = await call(sim, undefined, '/service/config');
    expect(r.status).toBe(200);
    const urls = r.body.urls as Record<string, string>;
    for (const key of [
      'clientConfig',
      'createUsers',
      'getAssignments',
      'revokeAssets',
      'getUsers',
      'eventStatus',
      'associateAssets',
      'disassociateAssets',
      'updateUsers',
      'getAssets',
      'retireUsers',
    ]) {
      expect(urls[key]?.startsWith(`${sim.url}/`)).toBe(true);
    }
    expect(urls.getAssets).toBe(`${sim.url}/assets`);
    expect(urls.invitationEmail).toContain('inviteCode=%25inviteCode%25');
    expect(urls.invitationEmail?.startsWith(sim.origin)).toBe(true);
    expect(urls.contentMetadataLookup?.startsWith(sim.origin)).toBe(true);
    expect(r.body.limits).toMatchObject({
      maxAssets: 25,
      maxClientUserIds: 1000,
      maxSerialNumbers: 1000,
      maxUsers: 100,
      maxRevokeClientUserIds: 100,
    });
    const codes = (r.body.errorCodes as Json[]).map((e) => e.errorNumber);
    expect(codes).toEqual(expect.arrayContaining([9601, 9621, 9625, 9646, 9650, 9709, 9721, 9722, 9723]));
    expect(r.body.notificationTypes).toEqual(['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT']);
    expect(r.body.uId).toBeUndefined();
  });
});

describe('content metadata lookup (legacy format)', () => {
  it('returns names keyed by adamId for the assets the location owns, and skips unknown ids', async () => {
    const config = await call(sim, undefined, '/service/config');
    const lookupUrl = (config.body.urls as Record<string, string>).contentMetadataLookup as string;
    const assets = sim.listAssets().slice(0, 5);
    const ids = [...new Set(assets.map((a) => a.adamId))];
    const res = await fetch(
      `${lookupUrl}?version=2&id=${[...ids, '1'].join(',')}&p=mdm-lockup&caller=MDM&platform=volumestore&cc=us&l=en`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Record<string, Json>; isAuthenticated: boolean; version: number };
    expect(body.isAuthenticated).toBe(false);
    expect(Object.keys(body.results).sort()).toEqual([...ids].sort());
    expect(body.results['361285480']?.name).toBe('Keynote'); // demo catalogue
    for (const id of ids) expect(typeof body.results[id]?.name).toBe('string');
  });

  it('serves the artwork it advertises as PNG', async () => {
    const config = await call(sim, undefined, '/service/config');
    const lookupUrl = (config.body.urls as Record<string, string>).contentMetadataLookup as string;
    const res = await fetch(`${lookupUrl}?version=2&id=361285480`);
    const body = (await res.json()) as { results: Record<string, { artwork: { url: string } }> };
    const url = body.results['361285480']?.artwork.url.replace('{w}x{h}bb.{f}', '64x64bb.png') ?? '';
    const img = await fetch(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await img.arrayBuffer());
    expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
  });

  it('an unknown id gives empty results, not an error', async () => {
    const res = await fetch(`${sim.origin}/WebObjects/MZStorePlatform.woa/wa/lookup?version=2&id=1`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).results).toEqual({});
  });
});

describe('invitation link', () => {
  it('opening urls.invitationEmail with a user’s inviteCode accepts the terms', async () => {
    const created = await write(sim, token, '/users/create', {
      users: [{ clientUserId: 'invitee-1', email: 'invitee@example.edu' }],
    });
    expect(created.eventStatus).toBe('COMPLETE');
    const user = (await call(sim, token, '/users?clientUserId=invitee-1')).body.users as Json[];
    const inviteCode = user[0]?.inviteCode as string;
    expect(inviteCode).toMatch(/^[0-9a-f]{32}$/);
    const config = await call(sim, undefined, '/service/config');
    const template = (config.body.urls as Record<string, string>).invitationEmail as string;
    const res = await fetch(template.replace('%25inviteCode%25', inviteCode));
    expect(res.status).toBe(200);
    expect(sim.user('invitee-1')).toMatchObject({ status: 'Associated' });
    expect(sim.user('invitee-1')?.idHash).toBeTruthy();
    expect(sim.user('invitee-1')?.inviteCode).toBeUndefined();
  });
});
