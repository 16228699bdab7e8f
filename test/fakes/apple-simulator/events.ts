// Asynchronous write events. Apple answers a write with {eventId} at once and
// does the work later; the client polls GET /status until COMPLETE or FAILED.
// We keep each event PENDING for `delayMs`, then apply it in one step.
import { randomUUID } from 'node:crypto';
import type { ErrorBody } from './errors';
import type { EventStatus, EventType } from './types';

export interface Outcome {
  numCompleted: number;
  failures: ErrorBody[];
}

export interface SimEvent {
  eventId: string;
  uId: string;
  eventType: EventType;
  eventStatus: EventStatus;
  numRequested: number;
  numCompleted: number;
  failures: ErrorBody[];
}

export class EventQueue {
  private readonly events = new Map<string, SimEvent>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly delayMs: number) {}

  /** Registers a PENDING event; `apply` runs after the delay and decides the outcome. */
  submit(uId: string, eventType: EventType, numRequested: number, apply: () => Outcome): SimEvent {
    const event: SimEvent = {
      eventId: randomUUID(),
      uId,
      eventType,
      eventStatus: 'PENDING',
      numRequested,
      numCompleted: 0,
      failures: [],
    };
    this.events.set(event.eventId, event);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      let outcome: Outcome;
      try {
        outcome = apply();
      } catch (err) {
        // A bug in the simulator surfaces as Apple's internal error, not a crash.
        outcome = {
          numCompleted: 0,
          failures: [{ errorNumber: 9603, errorMessage: `Internal error. ${String(err)}` }],
        };
      }
      event.numCompleted = outcome.numCompleted;
      event.failures = outcome.failures;
      // Apple reports FAILED when any task failed, even if others completed.
      event.eventStatus = outcome.failures.length > 0 ? 'FAILED' : 'COMPLETE';
    }, this.delayMs);
    this.timers.add(timer);
    return event;
  }

  /** Events are scoped to their location: another location's eventId is unknown (9708). */
  get(eventId: string, uId: string): SimEvent | undefined {
    const e = this.events.get(eventId);
    return e !== undefined && e.uId === uId ? e : undefined;
  }

  counts(): { pending: number; complete: number; failed: number } {
    const out = { pending: 0, complete: 0, failed: 0 };
    for (const e of this.events.values()) {
      if (e.eventStatus === 'PENDING') out.pending++;
      else if (e.eventStatus === 'COMPLETE') out.complete++;
      else out.failed++;
    }
    return out;
  }

  /** Stops pending work so a closed simulator leaves no timers behind. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
