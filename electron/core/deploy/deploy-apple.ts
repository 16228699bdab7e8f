/** What deployments need of the Apple client (AppleClient satisfies it). */
import type {
  Assignment,
  EventResponse,
  FinishedEvent,
  FullResyncRequired,
  GetAssetsParams,
  GetAssetsResponse,
  ManageAssetsRequest,
  RequestUser,
  RevokeAssetsRequest,
  WalkResult,
} from '../apple';

export interface DeployApple {
  /** One app's counts, read before licenses are spent. */
  getAssets(params: GetAssetsParams, opts?: { signal?: AbortSignal }): Promise<GetAssetsResponse>;
  associate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  disassociate(req: ManageAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  createUsers(users: RequestUser[], opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  revoke(req: RevokeAssetsRequest, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  retireUsers(users: Array<{ clientUserId: string }>, opts?: { signal?: AbortSignal }): Promise<EventResponse>;
  waitForEvent(
    eventId: string,
    options?: { signal?: AbortSignal; pollIntervalMs?: number; maxPollIntervalMs?: number },
  ): Promise<FinishedEvent>;
  walkAssignments(options?: {
    adamId?: string;
    clientUserId?: string;
    serialNumber?: string;
    signal?: AbortSignal;
  }): Promise<WalkResult<Assignment> | FullResyncRequired>;
}
