// One request/response pair, with the bits every route needs: query parsing,
// JSON bodies, the request log, and the "truncate" fault applied at send time.
import { ApiError } from './errors';
import type { RequestLogEntry } from './types';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY = 8 * 1024 * 1024;

export class Exchange {
  readonly url: URL;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly at = Date.now();
  /** Set by the truncate fault: send half the body, then cut the connection. */
  truncate = false;
  /** Set by the echo-auth fault (in: 'event'): a final event answer gets a failure quoting this. */
  echoInEvent: string | undefined;
  private done = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    origin: string,
    private readonly log: ((entry: RequestLogEntry) => void) | undefined,
  ) {
    this.url = new URL(req.url ?? '/', origin);
    this.path = this.url.pathname.length > 1 ? this.url.pathname.replace(/\/+$/, '') : this.url.pathname;
    this.query = Object.fromEntries(this.url.searchParams);
  }

  get method(): string {
    return this.req.method ?? 'GET';
  }

  /** Path plus query, what fault `match` substrings are tested against. */
  get target(): string {
    return this.url.pathname + this.url.search;
  }

  get finished(): boolean {
    return this.done;
  }

  sendJson(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (this.echoInEvent !== undefined) body = withEchoedFailure(body, this.echoInEvent);
    this.send(status, 'application/json;charset=UTF-8', Buffer.from(JSON.stringify(body), 'utf8'), headers);
  }

  send(status: number, contentType: string, buf: Buffer, headers: Record<string, string> = {}): void {
    if (this.done) return;
    this.done = true;
    this.record(status);
    if (this.res.destroyed) return;
    this.res.writeHead(status, { 'content-type': contentType, 'content-length': String(buf.length), ...headers });
    if (this.truncate) {
      // Content-Length promises the whole body; the peer sees it cut short.
      this.res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => this.res.socket?.destroy());
      return;
    }
    this.res.end(buf);
  }

  /** Drop fault: close the connection without an answer. */
  drop(): void {
    if (this.done) return;
    this.done = true;
    this.record(0);
    this.req.socket.destroy();
  }

  private record(status: number): void {
    this.log?.({ method: this.method, path: this.path, query: this.query, status, at: this.at });
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(9602, 'Request body too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** POST bodies must be JSON (9727 otherwise) and parse (9602 otherwise). */
export async function readJson(ex: Exchange): Promise<unknown> {
  const type = ex.req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError(9727);
  const text = await readBody(ex.req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(9602, 'The request body is not valid JSON.');
  }
}

/** Query booleans: Apple documents `true`/`false`; legacy clients send 1/0. */
export function queryBool(query: Record<string, string>, name: string): boolean | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ApiError(9602, `${name} must be true or false.`);
}

export function queryInt(query: Record<string, string>, name: string): number | undefined {
  const v = query[name];
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw new ApiError(9602, `${name} must be an integer.`);
  return Number(v);
}

/** A final event answer (COMPLETE or FAILED) turned FAILED, with one failure naming no user (so: all of them). */
function withEchoedFailure(body: unknown, quote: string): unknown {
  if (typeof body !== 'object' || body === null || !('eventStatus' in body) || body.eventStatus === 'PENDING')
    return body;
  const failures = 'failures' in body && Array.isArray(body.failures) ? (body.failures as unknown[]) : [];
  return { ...body, eventStatus: 'FAILED', failures: [...failures, { errorNumber: 9602, errorMessage: quote }] };
}
