// VPP Desk talks to Apple directly (README, Known limits): the proxy variables an admin's shell may hold are not
// read, and above all the token is never handed to a proxy. A proxy named in every proxy variable, listening on
// 127.0.0.1, sees no connection while `vpp-desk sync` reads Apple (the stand-in, on loopback) and its app names.
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../fakes/apple-simulator';
import { cliHomeWithToken, runCli, type CliHome } from '../helpers/cli';

const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy'];

let sim: Simulator;
let data: CliHome;
let proxy: net.Server;
let proxyUrl: string;
/** Whatever reached the proxy: each connection's first line (a request line names its target). */
const reached: Array<{ line: string }> = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 31, apps: 6, users: 40, assignments: 60 });
  data = await cliHomeWithToken(sim, 'cliproxy');
  proxy = net.createServer((socket) => {
    const seen = { line: '(a connection, nothing sent yet)' };
    reached.push(seen);
    socket.once('data', (d: Buffer) => {
      seen.line = d.toString('latin1').split('\r\n')[0] ?? '';
    });
    // A proxy that answers nothing: a request sent through it would fail the sync, not pass unseen.
    setTimeout(() => socket.destroy(), 100).unref();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await data.remove();
  await sim.close();
});

describe('vpp-desk sync with proxy variables set', () => {
  it('reads Apple directly and sends the proxy nothing', async () => {
    const env: Record<string, string> = { ...data.env, NO_PROXY: '', no_proxy: '' };
    for (const name of PROXY_VARIABLES) env[name] = proxyUrl;
    const before = sim.requests.length;
    // Cut short before the test's own timeout: a sync sent through the silent proxy retries for longer.
    const run = await runCli(['sync', '--full'], env, { timeoutMs: 12_000 });
    expect(run.code, `${run.stderr}\nconnections to the proxy: ${reached.length}, first: ${reached[0]?.line}`).toBe(0);
    expect(run.stdout).toMatch(/^Full sync done in/);
    // Apple's stand-in was read by the command itself, its app names included.
    expect(sim.requests.length).toBeGreaterThan(before);
    expect(sim.requests.slice(before).some((r) => r.path.includes('lookup'))).toBe(true);
    expect(reached.map((r) => r.line)).toEqual([]);
  });
});
