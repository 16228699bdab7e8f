// Raw-HTTP helpers for the simulator tests: real fetch over 127.0.0.1, no client code.
import type { Simulator } from '../../fakes/apple-simulator';

export type Json = Record<string, unknown>;

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

export async function call(
  sim: Simulator,
  token: string | undefined,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Json), headers: res.headers };
}

/** Polls GET /status until the event leaves PENDING. */
export async function settle(sim: Simulator, token: string, eventId: unknown): Promise<Json> {
  if (typeof eventId !== 'string') throw new Error(`no eventId: ${String(eventId)}`);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const r = await call(sim, token, `/status?eventId=${eventId}`);
    if (r.body.eventStatus !== 'PENDING') return r.body;
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('event never settled');
}

/** Submits a write and waits for its event. */
export async function write(sim: Simulator, token: string, path: string, body: unknown): Promise<Json> {
  const r = await call(sim, token, path, { body });
  if (r.status !== 200) throw new Error(`${path} answered ${r.status} ${JSON.stringify(r.body)}`);
  return settle(sim, token, r.body.eventId);
}

/** Follows nextPageIndex from page 0 and returns every record of `key`. */
export async function walk(
  sim: Simulator,
  token: string,
  path: string,
  key: string,
): Promise<{ records: Json[]; pages: Json[] }> {
  const records: Json[] = [];
  const pages: Json[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let index: unknown = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const r = await call(sim, token, `${path}${sep}pageIndex=${String(index)}`);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status} ${JSON.stringify(r.body)}`);
    pages.push(r.body);
    records.push(...(r.body[key] as Json[]));
    if (r.body.nextPageIndex === undefined) return { records, pages };
    index = r.body.nextPageIndex;
  }
  throw new Error('walk did not end');
}
