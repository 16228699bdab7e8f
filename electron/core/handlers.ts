/**
 * What every transport calls: one async function per contract channel, plus
 * the main→window events. Built once by the composition root (service.ts).
 */
import type { Channel, EventName, EventPayload, ParsedRequestOf, ResultOf } from '../../shared/contract';

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

export type Unsubscribe = () => void;

export interface EventSource {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
}
