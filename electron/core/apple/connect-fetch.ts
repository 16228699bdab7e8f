/**
 * fetch with a connect timeout of its own. Node's fetch waits for a TCP
 * connection as long as the operating system does (minutes on a network that
 * drops packets), and a single response timeout cannot tell "no route to
 * Apple" from "Apple is slow". An undici Agent bounds the connection phase;
 * the response phase stays bounded by AppleHttp's timeoutMs.
 */
import type { Agent } from 'undici';

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

/** A fetch whose connections must be made within `connectTimeoutMs`. */
export function connectTimeoutFetch(connectTimeoutMs: number): typeof fetch {
  return async (input, init) => {
    const dispatcher = await agentFor(connectTimeoutMs);
    // Node's fetch takes undici's `dispatcher` option; the DOM type does not name it.
    return fetch(input, { ...init, dispatcher } as RequestInit);
  };
}
