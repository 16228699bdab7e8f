/**
 * The window's page comes from app://vpp-desk/, a custom privileged scheme,
 * never from file://. A file:// page shares the opaque origin "null" with
 * every other local file and, with the grantFileProtocolExtraPrivileges fuse
 * on, may read any of them; app:// is a real origin whose handler answers
 * only for files inside dist/renderer (Electron security checklist, item 18).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'vpp-desk';
/** The only page allowed to call IPC and the only one the window may show. */
export const RENDERER_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * Must run before app is ready: Chromium fixes a scheme's privileges at
 * start-up. standard gives relative URLs and a real origin ('self' in the
 * CSP), secure makes it a secure context, supportFetchAPI lets the page's
 * module scripts and dynamic imports load through fetch.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Call after app is ready, before the window loads RENDERER_URL. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, appRequestHandler(rendererDir));
}

/** The handler itself, apart from Electron so it is tested on plain Requests. */
export function appRequestHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Method not allowed');
    const target = resolveInside(root, request.url);
    if (target === null) return answer(404, 'Not found');
    let data: Buffer;
    try {
      data = await fs.readFile(target);
    } catch {
      return answer(404, 'Not found');
    }
    const type = TYPES[path.extname(target).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
      status: 200,
      headers: headers(type),
    });
  };
}

/**
 * The file a URL names inside root, or null: another scheme or host, a
 * malformed escape, an encoded separator or NUL, or anything that would
 * leave root (../, encoded or not) is refused rather than normalised.
 */
export function resolveInside(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) {
    return null;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // A backslash is a separator on Windows; NUL truncates paths in native code.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const segments = pathname.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.length === 0 ? 'index.html' : path.join(...segments);
  const target = path.resolve(root, relative);
  const inside = path.relative(root, target);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return target;
}

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

function headers(type: string): Record<string, string> {
  return {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    // The meta tag in index.html carries the rest of the CSP; frame-ancestors works only as a header.
    'content-security-policy': "frame-ancestors 'none'",
    'cache-control': 'no-store',
  };
}
