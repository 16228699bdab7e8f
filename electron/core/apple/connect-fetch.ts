/**
 * How AppleHttp sends: undici's `request` through an Agent with a connect
 * timeout of its own. The OS waits for a TCP connection for minutes on a
 * network that drops packets, and a single response timeout cannot tell "no
 * route to Apple" from "Apple is slow": the Agent bounds the connection
 * phase; the response phase stays bounded by AppleHttp's timeoutMs.
 *
 * `request`, not Node's `fetch`: a sync sends thousands of requests from the
 * thread that answers the window, and fetch's WHATWG streams and objects cost
 * about twice the CPU per reply (measured at 200,000 assignments: the sync's
 * main thread 1.37-1.81 s with fetch, 1.01-1.07 s with request). What fetch
 * did besides is done here: compressed replies are decoded (body-encoding.ts)
 * and redirects are not followed (request never follows them).
 *
 * It also tells the caller when a request really leaves (`onWire`): Apple
 * counts a request when it arrives, and between the rate limiter's grant and
 * the socket write there can be hundreds of milliseconds on a busy machine
 * (undici's queue, a new connection, the event loop parsing another page).
 */
import { ACCEPT_ENCODING, decodeBody, ownArrayBuffer } from './body-encoding';
import type { Agent, Dispatcher } from 'undici';

export interface WireInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal;
  /** Never follow a redirect (request never does; a fetch passed in must not either). */
  redirect?: 'manual';
  /** Called once, just before the request's headers are written to the socket. */
  onWire?: () => void;
}

/** What AppleHttp reads of a reply; Node's `Response` fits. */
export interface WireResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What AppleHttp sends with; Node's own `fetch` fits too (tests wrap it; it never calls onWire). */
export type WireFetch = (url: string, init: WireInit) => Promise<WireResponse>;

const agents = new Map<number, Promise<Agent>>();

/**
 * The module, imported once: in the bundle each `import()` copies undici's
 * exports into a new namespace object (esbuild's __toESM), ~70 µs a call, so
 * importing per request cost a 200k sync ~70 ms of the window's thread.
 */
let undici: Promise<typeof import('undici')> | undefined;
const undiciModule = () => (undici ??= import('undici'));

/**
 * undici is loaded on the first request, not with the module: it is the
 * largest library in the bundle, and commands that only read the cache
 * (`vpp-desk apps`, `token status`) never talk to Apple.
 */
function agentFor(connectTimeoutMs: number): Promise<Agent> {
  // One Agent per timeout, shared by every client: clients are made per operation, connections are not.
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    agent = undiciModule().then(({ Agent }) => new Agent({ connect: { timeout: connectTimeoutMs } }));
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

/**
 * Loads the HTTP stack now (undici, ~100 ms of synchronous module loading).
 * A host that answers a window calls it while starting, so that cost never
 * lands in the middle of its first sync, where it froze the window for the
 * length of the load.
 */
export async function loadNetwork(): Promise<void> {
  await undiciModule();
}

/**
 * undici calls a handler's onConnect synchronously right before it writes the
 * request (the same moment it publishes `undici:client:sendHeaders`); a
 * wrapper per request knows which request that is without matching channel
 * messages back to callers.
 */
function withOnWire(handler: Dispatcher.DispatchHandlers, onWire: () => void): Dispatcher.DispatchHandlers {
  return new Proxy(handler, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key !== 'onConnect' || typeof value !== 'function') return value;
      return function onConnect(this: unknown, ...args: unknown[]): unknown {
        onWire();
        return Reflect.apply(value, this, args);
      };
    },
  });
}

/** Sends whose connections must be made within `connectTimeoutMs`. */
export function connectTimeoutFetch(connectTimeoutMs: number): WireFetch {
  return async (url, { onWire, method, headers, body, signal }) => {
    const [agent, { request }] = await Promise.all([agentFor(connectTimeoutMs), undiciModule()]);
    const dispatcher = onWire
      ? agent.compose((dispatch) => (opts, handler) => dispatch(opts, withOnWire(handler, onWire)))
      : agent;
    const res = await request(url, {
      method: (method ?? 'GET') as Dispatcher.HttpMethod,
      headers: { ...headers, 'Accept-Encoding': ACCEPT_ENCODING },
      body: body ?? null,
      signal,
      dispatcher,
    });
    return wireResponse(res);
  };
}

function wireResponse(res: Dispatcher.ResponseData): WireResponse {
  const header = (name: string): string | null => {
    const value = res.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : (value ?? null);
  };
  const encoding = header('content-encoding');
  // The common case (nothing encoded) reads the body straight, without a copy.
  const bytes = async (): Promise<Buffer> => decodeBody(Buffer.from(await res.body.arrayBuffer()), encoding);
  return {
    status: res.statusCode,
    headers: { get: header },
    text: async () => (encoding ? (await bytes()).toString('utf8') : res.body.text()),
    arrayBuffer: async () => (encoding ? ownArrayBuffer(await bytes()) : res.body.arrayBuffer()),
  };
}
