// The network the simulator models: a strict rolling window per token with
// Retry-After: 1 above it, and latency with seeded jitter.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../fakes/apple-simulator';
import { Latency } from '../../fakes/apple-simulator/latency';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each([
  ['on its own loop', false],
  ['on a front thread', true],
])('rate limit counted %s', (_where, limitAtFrontThread) => {
  it('answers 429 with Retry-After: 1 above the limit in one rolling second, per token', async () => {
    const s = (sim = await startSimulator({
      seed: 5,
      enforceRateLimit: true,
      rateLimitPerSecond: 3,
      limitAtFrontThread,
    }));
    const token = s.issueToken();
    const other = s.issueToken();
    const get = (t: string) => fetch(`${s.url}/assets`, { headers: { authorization: `Bearer ${t}` } });
    const answers = await Promise.all([get(token), get(token), get(token), get(token), get(other)]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((st) => st === 429)).toHaveLength(1);
    expect(statuses[4]).toBe(200);
    const refused = answers.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(await refused?.json()).toMatchObject({ errorNumber: 9646 });
  });
});

describe('rate limit on a front thread', () => {
  it("counts requests when they arrive, not when the simulator's paused loop gets to them", async () => {
    const s = (sim = await startSimulator({
      seed: 6,
      enforceRateLimit: true,
      rateLimitPerSecond: 1,
      limitAtFrontThread: true,
    }));
    const token = s.issueToken();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'vpp-front-'));
    // Another process sends two requests 1.1 s apart (within the limit of 1 a second) while this process,
    // which runs the simulator, holds its loop: the simulator handles both at once, after the pause.
    const child = spawn(process.execPath, ['-e', SENDER], {
      env: { ...process.env, URL: `${s.url}/assets`, TOKEN: token, DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 20_000;
    while (!existsSync(path.join(dir, 'b-sent')) && Date.now() < deadline) Atomics.wait(PAUSE, 0, 0, 5);
    await new Promise((resolve) => child.on('exit', resolve));
    await fs.rm(dir, { recursive: true, force: true });
    const log = s.requests.filter((r) => r.path.endsWith('/assets'));
    expect(log).toHaveLength(2);
    // The pause is real: the simulator logged both within moments of each other, yet neither was refused.
    expect(Math.abs((log[1]?.at ?? 0) - (log[0]?.at ?? 0))).toBeLessThan(500);
    expect(out.trim()).toBe('200 200');
  });
});

/** Sends A, then B 1.1 s later; writes b-sent once B is on the wire; prints both statuses. */
const SENDER = `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
const send = (done) => new Promise((resolve) => {
  const req = http.get(process.env.URL, { headers: { authorization: 'Bearer ' + process.env.TOKEN } }, (res) => {
    res.resume(); res.on('end', () => resolve(res.statusCode));
  });
  req.on('finish', done);
});
const a = send(() => {});
setTimeout(() => {
  const b = send(() => setTimeout(() => fs.writeFileSync(path.join(process.env.DIR, 'b-sent'), ''), 50));
  Promise.all([a, b]).then((s) => process.stdout.write(s.join(' ')));
}, 1100);
`;

/** A shared cell to sleep on: Atomics.wait holds this thread (and the simulator's loop) without spinning. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

describe('latency', () => {
  it('spreads each delay evenly around the latency, the same for the same seed', () => {
    const a = new Latency(250, 40, 7);
    const b = new Latency(250, 40, 7);
    const delays = Array.from({ length: 500 }, () => a.next());
    expect(Array.from({ length: 500 }, () => b.next())).toEqual(delays);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(230);
    expect(Math.max(...delays)).toBeLessThanOrEqual(270);
    expect(new Set(delays).size).toBeGreaterThan(20);
    expect(new Latency(250).jitterMs).toBe(25);
  });
});
