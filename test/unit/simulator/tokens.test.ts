import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTokenFile, startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { call } from './helpers';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 21 });
});
afterAll(async () => {
  await sim.close();
});

const decode = (content: string): Record<string, string> =>
  JSON.parse(Buffer.from(content, 'base64').toString('utf8')) as Record<string, string>;

describe('token files', () => {
  it('makeTokenFile writes Base64 JSON {token, expDate, orgName} with Apple’s +0000 date', () => {
    const file = makeTokenFile({ token: 'abc', expDate: new Date('2027-11-08T22:33:22Z'), orgName: 'ORG' });
    expect(file).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decode(file)).toEqual({ token: 'abc', expDate: '2027-11-08T22:33:22+0000', orgName: 'ORG' });
  });

  it('issueToken is valid for a year by default and names the organisation', () => {
    const file = sim.issueToken();
    const fields = decode(file);
    expect(fields.expDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    const exp = new Date(fields.expDate?.replace('+0000', 'Z') ?? '').getTime();
    expect(exp - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    expect(fields.orgName).toBe('Simulated Organization');
  });

  it('every authenticated response carries uId and tokenExpirationDate', async () => {
    const exp = new Date('2031-02-03T04:05:06Z');
    const file = sim.issueToken({ expDate: exp });
    for (const path of ['/assets', '/users', '/assignments', '/client/config']) {
      const r = await call(sim, file, path);
      expect(r.status).toBe(200);
      expect(r.body.uId).toBe(sim.uId);
      expect(r.body.tokenExpirationDate).toBe('2031-02-03T04:05:06+0000');
      expect(r.body.mdmInfo).toBeUndefined(); // nobody claimed it yet
    }
  });
});

describe('token errors', () => {
  it('a missing or malformed Authorization header is 9722 (401)', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer   ' },
    ];
    for (const headers of variants) {
      const r = await call(sim, undefined, '/assets', { headers });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ errorNumber: 9722 });
      expect(typeof r.body.errorMessage).toBe('string');
    }
  });

  it('an unknown token is HTTP 200 with errorNumber 9622 in the body (Apple’s quirk)', async () => {
    const forged = makeTokenFile({ token: 'not-issued', expDate: new Date(Date.now() + 1e9), orgName: 'X' });
    const r = await call(sim, forged, '/assets');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ errorNumber: 9622 });
    expect(r.body.assets).toBeUndefined();
  });

  it('sending the inner token instead of the whole file is also 9622', async () => {
    const inner = decode(sim.issueToken()).token as string;
    const r = await call(sim, inner, '/assets');
    expect(r.body.errorNumber).toBe(9622);
  });

  it('an expired token is 9621 (401): by its date or by expireToken', async () => {
    const past = sim.issueToken({ expDate: new Date(Date.now() - 1000) });
    expect(await call(sim, past, '/assets')).toMatchObject({ status: 401, body: { errorNumber: 9621 } });
    const file = sim.issueToken();
    expect((await call(sim, file, '/assets')).status).toBe(200);
    sim.expireToken(file);
    expect(await call(sim, file, '/assets')).toMatchObject({ status: 401, body: { errorNumber: 9621 } });
  });

  it('a revoked token is 9625 (401)', async () => {
    const file = sim.issueToken();
    sim.revokeToken(file);
    expect(await call(sim, file, '/users')).toMatchObject({ status: 401, body: { errorNumber: 9625 } });
  });

  it('revokeOthers revokes the location’s earlier tokens, like downloading a new one', async () => {
    const old = sim.issueToken();
    const fresh = sim.issueToken({ revokeOthers: true });
    expect((await call(sim, old, '/assets')).body.errorNumber).toBe(9625);
    expect((await call(sim, fresh, '/assets')).status).toBe(200);
  });

  it('surrounding whitespace in the file content is tolerated', async () => {
    const file = sim.issueToken();
    expect((await call(sim, `${file}\n`, '/assets')).status).toBe(200);
  });

  it('service/config needs no token at all', async () => {
    expect((await call(sim, undefined, '/service/config')).status).toBe(200);
  });
});

describe('locations', () => {
  it('a token of another location answers with that location’s uId and data', async () => {
    sim.addLocation({ uId: '9999000011112222', locationName: 'Other Campus', orgName: 'Other Org' });
    const other = sim.issueToken({ uId: '9999000011112222' });
    expect(decode(other).orgName).toBe('Other Org');
    const r = await call(sim, other, '/assets');
    expect(r.body.uId).toBe('9999000011112222');
    expect((await call(sim, other, '/client/config')).body.locationName).toBe('Other Campus');
    expect(sim.state().locations.map((l) => l.uId)).toContain('9999000011112222');
    expect(() => sim.addLocation({ uId: '9999000011112222', locationName: 'dup' })).toThrow();
  });
});
