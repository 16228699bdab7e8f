// GET /status?eventId=: progress of an asynchronous write.
import { ApiError } from '../errors';
import type { AuthedCtx } from './context';

export function getStatus(c: AuthedCtx): Record<string, unknown> {
  const eventId = c.ex.query.eventId;
  if (eventId === undefined || eventId === '') throw new ApiError(9602, 'eventId is required.');
  const e = c.core.events.get(eventId, c.loc.uId);
  if (e === undefined) throw new ApiError(9708);
  const body: Record<string, unknown> = {
    eventStatus: e.eventStatus,
    eventType: e.eventType,
    numCompleted: e.numCompleted,
    numRequested: e.numRequested,
  };
  if (e.failures.length > 0) body.failures = e.failures.map((f) => ({ ...f }));
  return body;
}
