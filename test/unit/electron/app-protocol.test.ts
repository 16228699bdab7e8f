import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RENDERER_URL, registerAppScheme, serveRenderer } from '../../../electron/app-protocol';
import { app, fakeElectron } from '../../fakes/electron';

/** A built renderer in a temporary folder, with a secret beside it that must stay out of reach. */
let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vpp-desk-app-protocol-'));
  rendererDir = path.join(root, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>VPP Desk</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc123.js'), 'export const x = 1;');
  writeFileSync(path.join(rendererDir, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), 'wOF2');
  writeFileSync(path.join(rendererDir, 'icon.svg'), '<svg/>');
  writeFileSync(path.join(rendererDir, 'blob.bin'), 'raw');
  writeFileSync(path.join(root, 'secret.txt'), 'SECRET-OUTSIDE');
  // Shares the renderer folder's name as a prefix: a naive startsWith check would let it through.
  mkdirSync(path.join(root, 'renderer-evil'));
  writeFileSync(path.join(root, 'renderer-evil', 'x.txt'), 'SECRET-SIBLING');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app:// scheme registration', () => {
  beforeEach(() => fakeElectron.reset());

  it('registers app as standard, secure and fetch-capable before ready', () => {
    registerAppScheme();
    expect(fakeElectron.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer page at app://vpp-desk/index.html once ready', async () => {
    await app.whenReady();
    serveRenderer(rendererDir);
    const res = await fakeElectron.request(RENDERER_URL);
    expect(RENDERER_URL).toBe('app://vpp-desk/index.html');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>VPP Desk</title>');
  });
});

describe('app:// handler', () => {
  beforeAll(async () => {
    fakeElectron.reset();
    await app.whenReady();
    serveRenderer(rendererDir);
  });

  const get = (url: string, init?: RequestInit) => fakeElectron.request(url, init);

  it.each([
    ['app://vpp-desk/index.html', 'text/html; charset=utf-8'],
    ['app://vpp-desk/', 'text/html; charset=utf-8'],
    ['app://vpp-desk/index.html?x=1#/apps', 'text/html; charset=utf-8'],
    ['app://vpp-desk/assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    ['app://vpp-desk/assets/index-abc123.css', 'text/css; charset=utf-8'],
    ['app://vpp-desk/assets/font.woff2', 'font/woff2'],
    ['app://vpp-desk/icon.svg', 'image/svg+xml'],
    ['app://vpp-desk/blob.bin', 'application/octet-stream'],
  ])('serves %s as %s, not to be sniffed', async (url, type) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });

  it('serves the file as it is on disk', async () => {
    expect(await (await get('app://vpp-desk/assets/index-abc123.js')).text()).toBe('export const x = 1;');
  });

  it.each([
    'app://vpp-desk/..%2fsecret.txt',
    'app://vpp-desk/%2e%2e%2fsecret.txt',
    'app://vpp-desk/assets/..%2f..%2fsecret.txt',
    'app://vpp-desk/..%5csecret.txt',
    'app://vpp-desk/..%2frenderer-evil%2fx.txt',
    'app://vpp-desk/../secret.txt',
    'app://vpp-desk/../renderer-evil/x.txt',
    'app://vpp-desk/%2F..%2Fsecret.txt',
    'app://vpp-desk/index.html%00.js',
    'app://vpp-desk/%E0%A4%A',
    'app://vpp-desk/assets',
    'app://vpp-desk/missing.js',
  ])('refuses %s without reading outside the renderer', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toMatch(/SECRET/);
  });

  it.each(['app://evil/index.html', 'app://vpp-desk.evil/index.html', 'app://vpp-desk:8080/index.html'])(
    'refuses another host: %s',
    async (url) => {
      expect((await get(url)).status).toBe(404);
    },
  );

  it('answers only GET and HEAD', async () => {
    expect((await get(RENDERER_URL, { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await get(RENDERER_URL, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
