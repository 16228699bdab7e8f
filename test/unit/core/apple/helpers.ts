/**
 * Test plumbing for the Apple client: a tiny node:http server on 127.0.0.1
 * whose handler each test sets, a fake Clock that records sleeps instead of
 * waiting, and Apple's example JSON from test/fixtures/apple.
 */
import { readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppleClient, type AppleClientOptions } from '../../../../electron/core/apple';
import type { Clock } from '../../../../electron/core/base/clock';
import type { AddressInfo } from 'node:net';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/apple/', import.meta.url));

export function fixture<T extends object = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: Recorded, res: ServerResponse) => unknown;

export interface TestServer {
  url: string;
  requests: Recorded[];
  /** Most requests the server had open at one moment since the last reset(). */
  maxInFlight: number;
  handle: Handler;
  reset(handler: Handler): void;
  count(pathname: string): number;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  let inFlight = 0;
  const state: TestServer = {
    url: '',
    requests: [],
    maxInFlight: 0,
    handle: (_req, res) => sendJson(res, 404, { errorNumber: 9602, errorMessage: 'No handler.' }),
    reset(handler) {
      state.requests = [];
      state.maxInFlight = 0;
      state.handle = handler;
    },
    count: (pathname) => state.requests.filter((r) => r.path === pathname).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: Recorded = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(recorded);
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        inFlight -= 1;
      };
      res.on('finish', finish);
      res.on('close', finish);
      Promise.resolve(state.handle(recorded, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mdm/v2`;
  return state;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

/** Time moves only when something sleeps; sleeps return at once (after a tick). */
export function fakeClock(start = Date.parse('2026-01-15T12:00:00Z')): FakeClock {
  let now = start;
  const clock: FakeClock = {
    sleeps: [],
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      clock.sleeps.push(ms);
      now += ms;
      await Promise.resolve();
      signal?.throwIfAborted();
    },
  };
  return clock;
}

/** A clock whose sleeps never end unless aborted: to abort during a backoff. */
export function stuckClock(): FakeClock {
  const clock = fakeClock();
  clock.sleep = (ms, signal) =>
    new Promise((_resolve, reject) => {
      clock.sleeps.push(ms);
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  return clock;
}

/** A realistic .vpptoken content: Base64 of {token, expDate, orgName}. */
export const INNER_TOKEN =
  'VFdwQmVVMVRRWFJKUldSNVdsZGpjMGxHU25Cak1taG9aR2wzWjFGdVNteGtTRkZ6U1VaT2FHTnRSbTlNUTBKQ1pGaE9NR0ZYTkQwPQ==';
export const TOKEN = Buffer.from(
  JSON.stringify({ token: INNER_TOKEN, expDate: '2030-11-08T22:33:22+0000', orgName: 'ORG12345' }),
).toString('base64');

export function makeClient(server: TestServer, clock: Clock, options: Partial<AppleClientOptions> = {}): AppleClient {
  return new AppleClient({
    baseUrl: server.url,
    token: async () => TOKEN,
    clock,
    maxRetries: 3,
    random: () => 0.5,
    ...options,
  });
}

/** Rejection of a promise, for assertions on the error object itself. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
