/** What deployments need of the Apple client (AppleClient satisfies it). */
import type {
  Assignment,
  EventResponse,
  FinishedEvent,
  FullResyncRequired,
  ManageAssetsRequest,
  RequestUser,
  WalkResult,
} from '../apple';

export interface DeployApple {
  associate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  disassociate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  createUsers(users: RequestUser[], opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  waitForEvent(
    eventId: string,
    options?: { signal?: AbortSignal; pollIntervalMs?: number; maxPollIntervalMs?: number },
  ): Promise<FinishedEvent>;
  walkAssignments(options?: {
    adamId?: string;
    signal?: AbortSignal;
  }): Promise<WalkResult<Assignment> | FullResyncRequired>;
}
