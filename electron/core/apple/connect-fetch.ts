/**
 * fetch with a connect timeout of its own. Node's fetch waits for a TCP
 * connection as long as the operating system does (minutes on a network that
 * drops packets), and a single response timeout cannot tell "no route to
 * Apple" from "Apple is slow". An undici Agent bounds the connection phase;
 * the response phase stays bounded by AppleHttp's timeoutMs.
 */
import { Agent } from 'undici';

const agents = new Map<number, Agent>();

/** A fetch whose connections must be made within `connectTimeoutMs`. */
export function connectTimeoutFetch(connectTimeoutMs: number): typeof fetch {
  // One Agent per timeout, shared by every client: clients are made per operation, connections are not.
  let dispatcher = agents.get(connectTimeoutMs);
  if (!dispatcher) {
    dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } });
    agents.set(connectTimeoutMs, dispatcher);
  }
  // Node's fetch takes undici's `dispatcher` option; the DOM type does not name it.
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}
