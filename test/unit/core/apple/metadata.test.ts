// Names and icons from the store lookup service (legacy "Getting App and
// Book Information"): batched, tolerant of missing and odd entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, fakeClock, fixture, makeClient, sendJson, startServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

type Lookup = { results: Record<string, unknown> };
const pages = fixture<Lookup>('lookup-pages');
const b2b = fixture<Lookup>('lookup-b2b');
const known: Record<string, unknown> = { ...pages.results, ...b2b.results, '777': { name: 42 } };

function serveLookup() {
  server.reset((req, res) => {
    const ids = (req.query.get('id') ?? '').split(',');
    const results = Object.fromEntries(ids.filter((id) => id in known).map((id) => [id, known[id]]));
    sendJson(res, 200, { ...fixture('lookup-empty'), results });
  });
}

const lookupUrl = () => server.url.replace('/mdm/v2', '/WebObjects/MZStorePlatform.woa/wa/lookup');

describe('lookupNames', () => {
  it("reads names from Apple's examples and skips ids Apple does not return", async () => {
    serveLookup();
    const names = await makeClient(server, fakeClock()).lookupNames(['361309726', '451796775', '999', '777'], {
      lookupUrl: lookupUrl(),
      cc: 'US',
    });
    expect(names).toEqual(
      new Map([
        ['361309726', 'Pages'],
        ['451796775', 'b2b Test 2'],
      ]),
    );
    const q = server.requests[0]?.query;
    expect(server.requests[0]?.path).toBe('/WebObjects/MZStorePlatform.woa/wa/lookup');
    expect(q?.get('id')).toBe('361309726,451796775,999,777');
    expect(Object.fromEntries(q ?? [])).toMatchObject({
      version: '2',
      p: 'mdm-lockup',
      caller: 'MDM',
      platform: 'volumestore',
      cc: 'us',
      l: 'en',
    });
  });

  it('batches 120 ids into 50 + 50 + 20, deduplicated', async () => {
    serveLookup();
    const ids = Array.from({ length: 120 }, (_, i) => String(100000 + i));
    await makeClient(server, fakeClock()).lookupNames([...ids, ...ids.slice(0, 10)], { lookupUrl: lookupUrl() });
    expect(server.requests.map((r) => r.query.get('id')?.split(',').length)).toEqual([50, 50, 20]);
  });

  it('sends the token as the itvt cookie, but only over HTTPS or loopback, and never as Bearer', async () => {
    serveLookup();
    const client = makeClient(server, fakeClock());
    await client.lookupNames(['361309726'], { lookupUrl: lookupUrl() });
    expect(server.requests[0]?.headers.cookie).toBe(`itvt=${TOKEN}`);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    await client.lookupNames(['361309726'], { lookupUrl: lookupUrl(), withToken: false });
    expect(server.requests[1]?.headers.cookie).toBeUndefined();

    const seen: Headers[] = [];
    const recording: typeof fetch = async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response(JSON.stringify(fixture('lookup-empty')), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const remote = makeClient(server, fakeClock(), { fetch: recording });
    await remote.lookupNames(['1'], { lookupUrl: 'http://lookup.example.test/wa/lookup' });
    expect(seen[0]?.get('cookie')).toBeNull();
    await remote.lookupNames(['1'], {
      lookupUrl: 'https://uclient-api.itunes.apple.com/WebObjects/MZStorePlatform.woa/wa/lookup',
    });
    expect(seen[1]?.get('cookie')).toBe(`itvt=${TOKEN}`);
  });

  it('retries a 5xx like any read and fails after maxRetries', async () => {
    server.reset((_req, res) => sendJson(res, 503, {}));
    await expect(
      makeClient(server, fakeClock(), { maxRetries: 1 }).lookupNames(['1'], { lookupUrl: lookupUrl() }),
    ).rejects.toMatchObject({ code: 'APPLE_BUSY' });
    expect(server.requests).toHaveLength(2);
  });
});
