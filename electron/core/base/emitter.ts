/** A tiny typed event hub for core → transports (window, tray, preview SSE). */
import type { EventName, EventPayload } from '../../../shared/contract';

export type Unsubscribe = () => void;

/** A native notification the Electron layer shows (and the preview host ignores). */
export interface Notice {
  title: string;
  body: string;
}

export type CoreEventMap = { [E in EventName]: EventPayload<E> } & { notify: Notice };

export interface CoreEvents {
  on<E extends keyof CoreEventMap>(event: E, listener: (payload: CoreEventMap[E]) => void): Unsubscribe;
}

type Listener<E extends keyof CoreEventMap> = (payload: CoreEventMap[E]) => void;

export class Emitter implements CoreEvents {
  private readonly listeners = new Map<keyof CoreEventMap, Set<Listener<keyof CoreEventMap>>>();

  on<E extends keyof CoreEventMap>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const stored = listener as Listener<keyof CoreEventMap>;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends keyof CoreEventMap>(event: E, payload: CoreEventMap[E]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken subscriber must not stop the others or the caller.
      }
    }
  }
}
