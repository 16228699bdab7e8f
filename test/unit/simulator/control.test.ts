import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call, type Json } from './helpers';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 91, eventDelayMs: 5 });
});
afterAll(async () => {
  await sim.close();
});

async function control(body: Json): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim.origin}/__sim/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('HTTP control endpoint', () => {
  it('issueToken returns a file the API accepts; revokeToken and expireToken take effect', async () => {
    const issued = await control({ action: 'issueToken' });
    expect(issued.status).toBe(200);
    const file = issued.body.fileContent as string;
    expect((await call(sim, file, '/assets')).status).toBe(200);
    await control({ action: 'revokeToken', fileContent: file });
    expect((await call(sim, file, '/assets')).body.errorNumber).toBe(9625);
    const second = (await control({ action: 'issueToken', expDate: '2030-11-08T22:33:22+0000', orgName: 'Via HTTP' }))
      .body.fileContent as string;
    expect(JSON.parse(Buffer.from(second, 'base64').toString('utf8'))).toMatchObject({
      expDate: '2030-11-08T22:33:22+0000',
      orgName: 'Via HTTP',
    });
    await control({ action: 'expireToken', fileContent: second });
    expect((await call(sim, second, '/assets')).body.errorNumber).toBe(9621);
  });

  it('acceptTerms, buyLicenses, setMdmInfo map to the simulator methods', async () => {
    const token = sim.issueToken();
    const [registered] = sim.usersByStatus('Registered', 1);
    const accepted = await control({ action: 'acceptTerms', clientUserId: registered?.clientUserId });
    expect(accepted.body).toMatchObject({ ok: true, user: { status: 'Associated' } });
    const asset = sim.listAssets()[0];
    const bought = await control({
      action: 'buyLicenses',
      adamId: asset?.adamId,
      pricingParam: asset?.pricingParam,
      count: 10,
    });
    expect((bought.body.asset as Json).totalCount).toBe((asset?.totalCount ?? 0) + 10);
    await control({ action: 'setMdmInfo', info: { id: 'x', name: 'Other MDM', metadata: '9' } });
    expect((await call(sim, token, '/assets')).body.mdmInfo).toEqual({ id: 'x', name: 'Other MDM', metadata: '9' });
    await control({ action: 'setMdmInfo', info: null });
    expect((await call(sim, token, '/assets')).body.mdmInfo).toBeUndefined();
  });

  it('setFault and clearFaults', async () => {
    const token = sim.issueToken();
    await control({ action: 'setFault', fault: { kind: 'rate-limit', count: -1 } });
    expect((await call(sim, token, '/assets')).status).toBe(429);
    await control({ action: 'clearFaults' });
    expect((await call(sim, token, '/assets')).status).toBe(200);
    await control({ action: 'setFault', kind: 'server-error', status: 502 }); // flat form
    expect((await call(sim, token, '/assets')).status).toBe(502);
  });

  it('addLocation makes a second account whose tokens carry its uId', async () => {
    expect((await control({ action: 'addLocation', uId: '5550001112223334', locationName: 'East' })).body.ok).toBe(
      true,
    );
    const file = (await control({ action: 'issueToken', uId: '5550001112223334' })).body.fileContent as string;
    expect((await call(sim, file, '/client/config')).body).toMatchObject({
      uId: '5550001112223334',
      locationName: 'East',
    });
  });

  it('GET /__sim/state summarises the organisation', async () => {
    const res = await fetch(`${sim.origin}/__sim/state`);
    const state = (await res.json()) as Json;
    expect(state).toMatchObject({
      uId: sim.uId,
      assets: sim.state().assets,
      users: sim.state().users,
      assignments: sim.state().assignments,
    });
    expect(state.versionIds).toEqual(sim.state().versionIds);
  });

  it('bad requests are 400 with a reason, and do not reach the request log', async () => {
    const before = sim.requests.length;
    expect(await control({ action: 'teleport' })).toMatchObject({ status: 400, body: { ok: false } });
    expect((await control({ action: 'acceptTerms', clientUserId: 'nobody' })).body.error).toMatch(/unknown user/);
    expect((await control({ action: 'setFault', fault: { kind: 'nope' } })).status).toBe(400);
    expect(sim.requests.length).toBe(before);
  });
});
