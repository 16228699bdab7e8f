// The browser preview host: loopback only, per-launch secret, Host and
// Origin checked, every call through the same contract validation.
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../../../electron/core/base/emitter';
import { MAX_BODY_BYTES } from '../../../electron/preview/limits';
import { startPreviewHost, type PreviewHost } from '../../../electron/preview/server';
import { tempDir } from '../../helpers/tmp';
import type { Core, Handlers } from '../../../electron/core/app/handlers';

let host: PreviewHost;
let dist: string;
let secret: string;
const events = new Emitter();
const tokenStatus = vi.fn(async () => ({
  state: 'none' as const,
  label: null,
  appleId: null,
  orgName: null,
  locationName: null,
  countryCode: null,
  uId: null,
  expiresAt: null,
  daysLeft: null,
  lastUpdatedAt: null,
  lastSyncAt: null,
}));
const deployRun = vi.fn(async (req: { clientUserIds: string[] }) => ({ users: req.clientUserIds.length }));
const handlers = {
  'token:status': tokenStatus,
  'token:import': vi.fn(),
  'deploy:run': deployRun,
} as unknown as Handlers;
const core: Core = { handlers, events, trayState: vi.fn(), namesPending: vi.fn(), start: vi.fn(), stop: vi.fn() };

beforeAll(async () => {
  dist = await tempDir();
  await fs.mkdir(path.join(dist, 'renderer', 'assets'), { recursive: true });
  await fs.writeFile(
    path.join(dist, 'renderer', 'index.html'),
    '<html><head><title>VPP Desk</title></head><body></body></html>',
  );
  await fs.writeFile(path.join(dist, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await fs.writeFile(path.join(dist, 'preview-bridge.js'), '/* bridge */');
  await fs.writeFile(path.join(dist, 'secret.txt'), 'outside the renderer');
  host = await startPreviewHost({ core, distDir: dist });
  secret = new URL(host.url).searchParams.get('secret') ?? '';
});
afterAll(async () => {
  await host.close();
  await fs.rm(dist, { recursive: true, force: true });
});

const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.origin}/__vpp/invoke/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-vpp-secret': secret, ...headers },
    body: JSON.stringify(body),
  });

/** fetch() will not let a test forge Host, so this goes through node:http. */
function rawGet(pathname: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview host', () => {
  it('binds 127.0.0.1 and hands out a URL with a long per-launch secret', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the bridge injected before the app', async () => {
    const res = await fetch(`${host.origin}/`);
    const html = await res.text();
    expect(html.indexOf('preview-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('preview-bridge.js')).toBeLessThan(html.indexOf('<title>'));
    expect((await fetch(`${host.origin}/assets/app.js`)).status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    expect(await rawGet('/../secret.txt', { host: `127.0.0.1:${host.port}` })).toBe(404);
    expect(await rawGet('/%2e%2e/secret.txt', { host: `127.0.0.1:${host.port}` })).toBe(404);
  });

  it('answers a contract call with the secret, through the contract (channel names encoded or not)', async () => {
    const res = await invoke('token:status', {});
    expect(await res.json()).toMatchObject({ ok: true, value: { state: 'none' } });
    expect(await (await invoke(encodeURIComponent('token:status'), {})).json()).toMatchObject({ ok: true });
  });

  it('refuses calls without the secret or with a wrong one', async () => {
    tokenStatus.mockClear();
    expect((await invoke('token:status', {}, { 'x-vpp-secret': '' })).status).toBe(401);
    expect((await invoke('token:status', {}, { 'x-vpp-secret': 'x'.repeat(secret.length) })).status).toBe(401);
    expect(tokenStatus).not.toHaveBeenCalled();
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect(await rawGet('/', { host: `evil.example:${host.port}` })).toBe(403);
    const res = await invoke('token:status', {}, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('validates input with the contract schema before any handler runs', async () => {
    const res = await invoke('token:import', { fileContent: '', appleId: 'x' });
    const body = await res.json();
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('VALIDATION');
    expect(handlers['token:import']).not.toHaveBeenCalled();
    expect(await (await invoke('token:nothing', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/Unknown operation/) },
    });
  });

  it('streams core events to a subscriber holding the secret', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.origin}/__vpp/events?secret=${secret}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    await reader?.read(); // ": connected"
    events.emit('state:changed', { reason: 'sync' });
    const chunk = await reader?.read();
    expect(new TextDecoder().decode(chunk?.value)).toContain('event: state:changed');
    controller.abort();
    expect((await fetch(`${host.origin}/__vpp/events?secret=nope`)).status).toBe(401);
  });

  it('answers 400, not 500, to a malformed % escape in a path or an operation name', async () => {
    expect(await rawGet('/assets/%E0%A4%A.js', { host: `127.0.0.1:${host.port}` })).toBe(400);
    expect(await rawGet('/%', { host: `127.0.0.1:${host.port}` })).toBe(400);
    const res = await invoke('token%3status', {});
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('takes the largest legal deploy (100,000 users of 256-character ids) and answers 413 past the limit', async () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `${i}`.padStart(256, 'u'));
    const largest = JSON.stringify({ adamId: '1', clientUserIds: ids, action: 'required' });
    expect(Buffer.byteLength(largest)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const ok = await fetch(`${host.origin}/__vpp/invoke/deploy:run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vpp-secret': secret },
      body: largest,
    });
    expect(ok.status).toBe(200);
    expect(deployRun).toHaveBeenCalledTimes(1);
    // One byte over: a 413 the client can read, not a reset connection.
    const over = await fetch(`${host.origin}/__vpp/invoke/deploy:run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vpp-secret': secret },
      body: ' '.repeat(MAX_BODY_BYTES + 1),
    });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(deployRun).toHaveBeenCalledTimes(1);
  });

  it("forbids framing by any page: frame-ancestors 'none' on every answer", async () => {
    for (const res of [await fetch(`${host.origin}/`), await invoke('token:status', {})]) {
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});
