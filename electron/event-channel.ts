/** The IPC channel a core event travels on, main → window. Shared by main and preload. */
import type { EventName } from '../shared/contract';
import { IPC_PREFIX } from '../shared/ipc-names';

export function eventChannel(event: EventName): string {
  return `${IPC_PREFIX}event:${event}`;
}
