/**
 * What every transport calls: one async function per contract channel, plus
 * the main→window events. Built once by the composition root (service.ts).
 */
import type { Channel, EventName, EventPayload, ParsedRequestOf, ResultOf } from '../../shared/contract';
import type { SyncProgress, TokenState } from '../../shared/domain';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

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

/** What the tray shows: no secrets, just the facts for its tooltip and menu. */
export interface TrayState {
  tokenState: TokenState;
  tokenDaysLeft: number | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  progress: SyncProgress;
}

export interface Core {
  handlers: Handlers;
  events: CoreEvents;
  trayState(): Promise<TrayState>;
  /** Starts the scheduler and resumes any journaled writes left by a crash. */
  start(): Promise<void>;
  /** Stops timers and in-flight work; flushes the cache. */
  stop(): Promise<void>;
}
