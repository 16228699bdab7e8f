/**
 * The browser preview host: a development and test tool, not the product.
 * Electron's binary cannot be downloaded on the build machines, so this
 * serves the built renderer to an ordinary browser on 127.0.0.1 and
 * implements window.vpp over HTTP for the same contract, through the same
 * dispatch() as Electron IPC.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { EVENT_NAMES } from '../../shared/contract';
import { dispatch } from '../core/app';
import { hostAllowed, originAllowed, secretMatches } from './guard';
import { DRAIN_LIMIT_BYTES, MAX_BODY_BYTES } from './limits';
import type { Core } from '../core/app';
import type { AddressInfo } from 'node:net';

export interface PreviewHostOptions {
  core: Core;
  /** Folder holding the built renderer (index.html) and preview-bridge.js. */
  distDir: string;
  port?: number;
}

export interface PreviewHost {
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const secret = randomBytes(24).toString('base64url');
  const rendererDir = path.join(options.distDir, 'renderer');
  const bridgeFile = path.join(options.distDir, 'preview-bridge.js');
  const sse = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = EVENT_NAMES.map((name) =>
    options.core.events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of sse) res.write(frame);
    }),
  );

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port) || !originAllowed(req, port)) return send(res, 403, 'text/plain', 'Forbidden');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return send(res, 400, 'text/plain', 'Bad request');
    }
    if (url.pathname.startsWith('/__vpp/')) return api(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') return index(res);
    if (url.pathname === '/preview-bridge.js') return file(res, bridgeFile);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      // A malformed % escape is the client's mistake, not ours.
      return send(res, 400, 'text/plain', 'Bad request');
    }
    const target = path.normalize(path.join(rendererDir, pathname));
    if (!target.startsWith(rendererDir + path.sep)) return send(res, 404, 'text/plain', 'Not found');
    return file(res, target);
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname === '/__vpp/events') {
      if (!secretMatches(url.searchParams.get('secret') ?? undefined, secret))
        return send(res, 401, 'text/plain', 'Unauthorized');
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sse.add(res);
      req.on('close', () => sse.delete(res));
      return;
    }
    const header = req.headers['x-vpp-secret'];
    if (!secretMatches(typeof header === 'string' ? header : undefined, secret)) {
      return json(res, 401, { ok: false, error: { code: 'VALIDATION', message: 'Missing or wrong preview secret.' } });
    }
    const match = /^\/__vpp\/invoke\/([^/]+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST')
      return json(res, 404, { ok: false, error: { code: 'VALIDATION', message: 'Unknown operation.' } });
    let channel: string;
    try {
      channel = decodeURIComponent(match[1] ?? '');
    } catch {
      return json(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'Malformed operation name.' } });
    }
    const text = await readBody(req);
    if (text === TOO_LARGE)
      return json(res, 413, {
        ok: false,
        error: { code: 'VALIDATION', message: `The request is larger than ${MAX_BODY_BYTES} bytes.` },
      });
    let body: unknown;
    try {
      body = JSON.parse(text || '{}');
    } catch {
      return json(res, 400, { ok: false, error: { code: 'VALIDATION', message: 'The request body is not JSON.' } });
    }
    json(res, 200, await dispatch(options.core.handlers, channel, body));
  }

  async function index(res: ServerResponse): Promise<void> {
    const html = await fs.readFile(path.join(rendererDir, 'index.html'), 'utf8');
    // The bridge must define window.vpp before the app's module script runs.
    const injected = html.replace('<head>', '<head>\n    <script src="./preview-bridge.js"></script>');
    send(res, 200, TYPES['.html'] ?? 'text/html', injected);
  }

  async function file(res: ServerResponse, target: string): Promise<void> {
    let data: Buffer;
    try {
      data = await fs.readFile(target);
    } catch {
      return send(res, 404, 'text/plain', 'Not found');
    }
    send(res, 200, TYPES[path.extname(target)] ?? 'application/octet-stream', data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?secret=${secret}`,
    origin,
    port,
    close: async () => {
      for (const off of unsubscribe) off();
      for (const res of sse) res.end();
      sse.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // No other page may frame the window (clickjacking); a meta tag cannot say this, a header can.
    'content-security-policy': "frame-ancestors 'none'",
    'x-frame-options': 'DENY',
  });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

const TOO_LARGE = Symbol('too large');

/**
 * The body as text, or TOO_LARGE past MAX_BODY_BYTES. An oversized body is
 * read to its end (and dropped) so the client gets its 413 rather than a
 * reset connection; past DRAIN_LIMIT_BYTES the connection is cut.
 */
function readBody(req: IncomingMessage): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT_BYTES) {
        reject(new Error('body far too large'));
        req.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? TOO_LARGE : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
