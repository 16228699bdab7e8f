/** What deployments need of the Apple client (AppleClient satisfies it). */
import type { FinishedEvent } from './apple/events';
import type { Assignment, EventResponse, ManageAssetsRequest, RequestUser } from './apple/schemas';
import type { FullResync, Walked } from './sync';

export interface DeployApple {
  associate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  disassociate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  createUsers(users: RequestUser[], opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  waitForEvent(eventId: string, options?: { signal?: AbortSignal; pollIntervalMs?: number; maxPollIntervalMs?: number }): Promise<FinishedEvent>;
  walkAssignments(options?: { adamId?: string; signal?: AbortSignal }): Promise<Walked<Assignment> | FullResync>;
}
