/**
 * What every transport calls: one async function per contract channel, plus
 * the main→window events. Built once by the composition root (create-core.ts).
 */
import type { Channel, ParsedRequestOf, ResultOf } from '../../../shared/contract';
import type { SyncProgress, TokenState } from '../../../shared/domain';
import type { CoreEvents } from '../base';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

/** What the tray shows: no secrets, just the facts for its tooltip and menu. */
export interface TrayState {
  tokenState: TokenState;
  tokenDaysLeft: number | null;
  lastSyncAt: string | null;
  nextSyncAt: string | null;
  progress: SyncProgress;
  /** Apps at or below their low-stock threshold, most urgent first (names only: the tray has little room). */
  lowStock: string[];
}

export interface Core {
  handlers: Handlers;
  events: CoreEvents;
  trayState(): Promise<TrayState>;
  /** App names a sync is still looking up at Apple's store service (stop() waits for them on the CLI). */
  namesPending(): number;
  /** Starts the scheduler and resumes any journaled writes left by a crash. */
  start(): Promise<void>;
  /** Stops timers and in-flight work; flushes the cache. */
  stop(): Promise<void>;
}
