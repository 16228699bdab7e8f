/**
 * Pushes every contract event from core to the window. Driven by the
 * contract's event table, so a new event reaches the window without a change
 * here. Payloads are core's own plain data; the preload relays them as is.
 */
import { events as contractEvents, type EventName } from '../shared/contract';
import { eventChannel } from './event-channel';
import type { CoreEvents, Unsubscribe } from './core/app';
import type { WebContents } from 'electron';

export function forwardEvents(events: CoreEvents, target: () => WebContents | null): Unsubscribe {
  const names = Object.keys(contractEvents) as EventName[];
  const offs = names.map((name) =>
    events.on(name, (payload) => {
      const contents = target();
      // Between window close and re-open there is nobody to tell; the window
      // reloads its state when it comes back.
      if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
