import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, write } from './helpers';

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 31, eventDelayMs: 5 });
  token = sim.issueToken();
});
afterAll(async () => {
  await sim.close();
});

const ours = { id: 'vpp-desk-1', name: 'VPP Desk', metadata: '0.1.0' };

describe('client/config', () => {
  it('GET describes the location', async () => {
    const r = await call(sim, token, '/client/config');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      countryISO2ACode: 'US',
      defaultPlatform: 'volumestore',
      locationName: 'PS01',
      uId: sim.uId,
    });
    expect(r.body.websiteURL).toMatch(/^https:\/\/(business|school)\.apple\.com$/);
    expect(r.body.mdmInfo).toBeUndefined();
  });

  it('POST claims the token: mdmInfo then rides on every response, writes and status included', async () => {
    const r = await call(sim, token, '/client/config', { body: { mdmInfo: ours } });
    expect(r.status).toBe(200);
    expect(r.body.mdmInfo).toEqual(ours);
    for (const path of ['/client/config', '/assets', '/users', '/assignments']) {
      expect((await call(sim, token, path)).body.mdmInfo).toEqual(ours);
    }
    const submit = await call(sim, token, '/users/create', {
      body: { users: [{ clientUserId: 'claim-check', email: 'c@example.com' }] },
    });
    expect(submit.body.mdmInfo).toEqual(ours);
    const status = await write(sim, token, '/users/update', {
      users: [{ clientUserId: 'claim-check', email: 'd@example.com' }],
    });
    expect(status.mdmInfo).toEqual(ours);
  });

  it('another product claiming it shows on the next response', async () => {
    sim.setMdmInfo(undefined, { id: 'other', name: 'Intune', metadata: '1' });
    expect((await call(sim, token, '/assets')).body.mdmInfo).toEqual({ id: 'other', name: 'Intune', metadata: '1' });
    sim.setMdmInfo(undefined, null);
    expect((await call(sim, token, '/assets')).body.mdmInfo).toBeUndefined();
  });

  it('mdmInfo without id, name or metadata is 9723; too long fields 9724/9725/9713', async () => {
    for (const mdmInfo of [
      { name: 'x', metadata: 'y' },
      { id: 'x', metadata: 'y' },
      { id: 'x', name: 'y' },
      'string',
    ]) {
      expect(await call(sim, token, '/client/config', { body: { mdmInfo } })).toMatchObject({
        status: 400,
        body: { errorNumber: 9723 },
      });
    }
    const long = 'x'.repeat(300);
    expect(
      (await call(sim, token, '/client/config', { body: { mdmInfo: { ...ours, id: long } } })).body.errorNumber,
    ).toBe(9724);
    expect(
      (await call(sim, token, '/client/config', { body: { mdmInfo: { ...ours, name: long } } })).body.errorNumber,
    ).toBe(9725);
    expect(
      (await call(sim, token, '/client/config', { body: { mdmInfo: { ...ours, metadata: long } } })).body.errorNumber,
    ).toBe(9713);
    expect((await call(sim, token, '/assets')).body.mdmInfo).toBeUndefined(); // rejected claims change nothing
  });

  it('notification settings are validated (9710, 9712) and echoed back', async () => {
    expect(
      (await call(sim, token, '/client/config', { body: { notificationUrl: 'https://mdm.example.com/n' } })).body
        .errorNumber,
    ).toBe(9710);
    expect(
      (
        await call(sim, token, '/client/config', {
          body: { notificationUrl: 'http://mdm.example.com/n', notificationAuthToken: 's' },
        })
      ).body.errorNumber,
    ).toBe(9712);
    const ok = await call(sim, token, '/client/config', {
      body: {
        notificationUrl: 'https://mdm.example.com/n',
        notificationAuthToken: 's',
        notificationTypes: ['ASSET_COUNT'],
      },
    });
    expect(ok.body).toMatchObject({
      notificationUrl: 'https://mdm.example.com/n',
      subscribedNotificationTypes: ['ASSET_COUNT'],
    });
  });

  it('a POST body that is not JSON is 9727 (415) or 9602; a wrong method is 9726 (405)', async () => {
    const text = await fetch(`${sim.url}/client/config`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ mdmInfo: ours }),
    });
    expect(text.status).toBe(415); // fetch sends text/plain for a string body
    expect(((await text.json()) as { errorNumber: number }).errorNumber).toBe(9727);
    expect((await call(sim, token, '/client/config', { body: '{not json' })).body.errorNumber).toBe(9602);
    expect(await call(sim, token, '/assets', { method: 'DELETE' })).toMatchObject({
      status: 405,
      body: { errorNumber: 9726 },
    });
  });
});
