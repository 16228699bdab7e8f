// VPP Desk sends with undici's request, not Node's fetch (connect-fetch.ts):
// what fetch did for us must still happen. Apple may compress its replies
// (VPP Desk asks for gzip, deflate or br), and the client reads them the same
// as plain ones; a body it cannot decode is a clear, retried failure.
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppleUnreachableError } from '../../../../electron/core/apple';
import { connectTimeoutFetch } from '../../../../electron/core/apple/connect-fetch';
import { fakeClock, fixture, makeClient, rejectionOf, startServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

const ASSETS = fixture('get-assets');
const TEXT = JSON.stringify(ASSETS);

const gzip = (b: Buffer) => zlib.gzipSync(b);
const ENCODERS: Record<string, (b: Buffer) => Buffer> = {
  gzip,
  br: (b) => zlib.brotliCompressSync(b),
  deflate: (b) => zlib.deflateSync(b),
  // Some servers send "deflate" without its zlib wrapper; browsers (and fetch) read both.
  'deflate (raw)': (b) => zlib.deflateRawSync(b),
  'gzip, br': (b) => zlib.brotliCompressSync(zlib.gzipSync(b)),
};

function answerEncoded(name: string, encode: (b: Buffer) => Buffer): void {
  server.reset((_req, res) => {
    const body = encode(Buffer.from(TEXT));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Encoding': name.replace(' (raw)', ''),
      'Content-Length': body.length,
    });
    res.end(body);
  });
}

describe('compressed replies', () => {
  it('asks for gzip, deflate and br', async () => {
    server.reset((_req, res) => res.end(TEXT));
    await makeClient(server, fakeClock()).getAssets();
    expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  for (const [name, encode] of Object.entries(ENCODERS)) {
    it(`reads a ${name} reply as text and as bytes`, async () => {
      answerEncoded(name, encode);
      const send = connectTimeoutFetch(5_000);
      expect(await (await send(`${server.url}/assets`, {})).text()).toBe(TEXT);
      const bytes = await (await send(`${server.url}/assets`, {})).arrayBuffer();
      expect(new TextDecoder().decode(bytes)).toBe(TEXT);
    });
  }

  it('a sync page compressed with gzip reads as the same assets', async () => {
    answerEncoded('gzip', gzip);
    const result = await makeClient(server, fakeClock()).getAssets();
    expect(result.assets).toEqual((ASSETS as { assets: unknown[] }).assets);
  });

  it('a body in an encoding not asked for fails clearly, and is retried as a read', async () => {
    let n = 0;
    server.reset((_req, res) => {
      n += 1;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' });
      res.end('not really compressed');
    });
    const err = await rejectionOf(makeClient(server, fakeClock(), { maxRetries: 1 }).getAssets());
    expect(err).toBeInstanceOf(AppleUnreachableError);
    expect((err as AppleUnreachableError).reason).toBe('the reply came in an encoding VPP Desk cannot read (compress)');
    expect(n).toBe(2);
  });

  it('a gzip body that does not decode names the encoding', async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end('{"assets": []}');
    });
    const err = await rejectionOf(makeClient(server, fakeClock(), { maxRetries: 0 }).getAssets());
    expect((err as AppleUnreachableError).reason).toMatch(/^the reply's gzip body does not decode \(/);
  });
});

describe('the default send', () => {
  it("does not go through Node's fetch (its streams cost the window's thread twice the CPU per reply)", async () => {
    server.reset((_req, res) => res.end(TEXT));
    vi.stubGlobal('fetch', () => Promise.reject(new Error('fetch was called')));
    const result = await makeClient(server, fakeClock()).getAssets();
    expect(result.assets).toHaveLength((ASSETS as { assets: unknown[] }).assets.length);
  });

  it('never follows a redirect', async () => {
    server.reset((req, res) => {
      if (req.path.endsWith('/assets')) {
        res.writeHead(302, { Location: `${server.url}/elsewhere` });
        return res.end();
      }
      res.end(TEXT);
    });
    const res = await connectTimeoutFetch(5_000)(`${server.url}/assets`, {});
    expect(res.status).toBe(302);
    await res.text();
    expect(server.requests.map((r) => r.path)).toEqual([new URL(`${server.url}/assets`).pathname]);
  });
});
