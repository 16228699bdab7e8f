/** The IPC channel a core event travels on, main → window. Shared by main and preload. */
import { IPC_PREFIX } from '../shared/ipc-names';
import type { EventName } from '../shared/contract';

export function eventChannel(event: EventName): string {
  return `${IPC_PREFIX}event:${event}`;
}
