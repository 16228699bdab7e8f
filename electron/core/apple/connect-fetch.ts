/**
 * fetch with a connect timeout of its own. Node's fetch waits for a TCP
 * connection as long as the operating system does (minutes on a network that
 * drops packets), and a single response timeout cannot tell "no route to
 * Apple" from "Apple is slow". An undici Agent bounds the connection phase;
 * the response phase stays bounded by AppleHttp's timeoutMs.
 *
 * It also tells the caller when a request really leaves (`onWire`): Apple
 * counts a request when it arrives, and between the rate limiter's grant and
 * the socket write there can be hundreds of milliseconds on a busy machine
 * (undici's queue, a new connection, the event loop parsing another page).
 */
import type { Agent, Dispatcher } from 'undici';

export interface WireInit extends RequestInit {
  /** Called once, just before the request's headers are written to the socket. */
  onWire?: () => void;
}

/** What AppleHttp sends with; Node's own `fetch` fits too (it never calls onWire). */
export type WireFetch = (url: string, init: WireInit) => Promise<Response>;

const agents = new Map<number, Promise<Agent>>();

/**
 * undici is loaded on the first request, not with the module: it is the
 * largest library in the bundle, and commands that only read the cache
 * (`vpp-desk apps`, `token status`) never talk to Apple.
 */
function agentFor(connectTimeoutMs: number): Promise<Agent> {
  // One Agent per timeout, shared by every client: clients are made per operation, connections are not.
  let agent = agents.get(connectTimeoutMs);
  if (!agent) {
    agent = import('undici').then(({ Agent }) => new Agent({ connect: { timeout: connectTimeoutMs } }));
    agents.set(connectTimeoutMs, agent);
  }
  return agent;
}

/**
 * Loads the HTTP stack now (undici and Node's own fetch, ~100-150 ms of
 * synchronous module loading). A host that answers a window calls it while
 * starting, so that cost never lands in the middle of its first sync, where
 * it froze the window for the length of the load.
 */
export async function loadNetwork(): Promise<void> {
  // Node defines fetch as a lazy global: reading it loads its undici.
  void globalThis.fetch;
  await import('undici');
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

/** A fetch whose connections must be made within `connectTimeoutMs`. */
export function connectTimeoutFetch(connectTimeoutMs: number): WireFetch {
  return async (url, { onWire, ...init }) => {
    const agent = await agentFor(connectTimeoutMs);
    const dispatcher = onWire
      ? agent.compose((dispatch) => (opts, handler) => dispatch(opts, withOnWire(handler, onWire)))
      : agent;
    // Node's fetch takes undici's `dispatcher` option; the DOM type does not name it.
    return fetch(url, { ...init, dispatcher } as RequestInit);
  };
}
