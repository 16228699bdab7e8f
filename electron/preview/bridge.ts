/**
 * Browser preview host only: defines window.vpp over HTTP for the real
 * renderer running in an ordinary browser. Built into dist/preview-bridge.js
 * and injected by the preview host; never part of the Electron app.
 */
import { createVppApi } from '../../shared/api';
import type { Channel, Envelope, EventName, EventPayload } from '../../shared/contract';

const KEY = 'vpp-preview-secret';

function takeSecret(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('secret');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    // Keep the secret out of the address bar and history once read.
    url.searchParams.delete('secret');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY) ?? '';
}

const secret = takeSecret();

async function invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>> {
  try {
    const res = await fetch(`./__vpp/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-vpp-secret': secret },
      body: JSON.stringify(request ?? {}),
    });
    return (await res.json()) as Envelope<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: 'The VPP Desk preview host is not answering.' } };
  }
}

let source: EventSource | null = null;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

function on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  if (!source) {
    source = new EventSource(`./__vpp/events?secret=${encodeURIComponent(secret)}`);
  }
  let set = listeners.get(event);
  if (!set) {
    const created = new Set<(payload: unknown) => void>();
    listeners.set(event, created);
    source.addEventListener(event, (msg) => {
      const payload: unknown = JSON.parse((msg as MessageEvent<string>).data);
      for (const fn of created) fn(payload);
    });
    set = created;
  }
  const stored = listener as (payload: unknown) => void;
  set.add(stored);
  return () => {
    set.delete(stored);
  };
}

Object.defineProperty(window, 'vpp', { value: Object.freeze(createVppApi({ invoke, on })), writable: false });
