/** What sync needs of the Apple client (AppleClient satisfies it). */
import type {
  Asset,
  Assignment,
  ClientConfig,
  FullResyncRequired,
  GetAssetsResponse,
  PageSink,
  ServiceConfig,
  User,
  WalkOptions,
  WalkResult,
} from '../apple';

export interface SyncApple {
  serviceConfig(options?: { signal?: AbortSignal }): Promise<ServiceConfig>;
  getClientConfig(options?: { signal?: AbortSignal }): Promise<ClientConfig>;
  getAssets(params: { pageIndex?: number }, options?: { signal?: AbortSignal }): Promise<GetAssetsResponse>;
  walkAssets<U>(options: WalkOptions & { map: (item: Asset) => U }): Promise<WalkResult<U>>;
  walkUsers<U>(
    options: WalkOptions & { sinceVersionId?: string; map: (item: User) => U; sink?: PageSink<U> | undefined },
  ): Promise<WalkResult<U> | FullResyncRequired>;
  walkAssignments<U>(
    options: WalkOptions & {
      sinceVersionId?: string;
      adamId?: string;
      map: (item: Assignment) => U;
      sink?: PageSink<U> | undefined;
    },
  ): Promise<WalkResult<U> | FullResyncRequired>;
  lookupNames(adamIds: string[], options: { lookupUrl: string; signal?: AbortSignal }): Promise<Map<string, string>>;
}
