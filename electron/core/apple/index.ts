/**
 * The Apple Apps and Books for Organizations (VPP v2) client. Import from
 * here; the files behind it are internal and may move.
 */
export {
  AppleClient,
  DEFAULTS,
  type AppleClientHooks,
  type AppleClientOptions,
  type AssetsWalkOptions,
  type AssignmentsWalkOptions,
  type CallOptions,
  type UsersWalkOptions,
} from './client';
export {
  AppleApiError,
  AppleUnreachableError,
  BAD_PAGE_INDEX,
  INVALID_VERSION_ID,
  TOKEN_ERRORS,
  TOO_MANY_REQUESTS,
  isAppleError,
  type TokenProblem,
} from './errors';
export { DEFAULT_LIMITS, limitsFrom, splitManageAssets, splitRevoke, splitUsers, type Limits } from './batching';
export { isFinished, type FinishedEvent, type WaitForEventOptions } from './events';
export type { MdmChangedInfo } from './mdm-guard';
export { APPLE_TOKEN_HOSTS, isLoopbackHost, tokenDestinationProblem } from './token-destination';
export { connectTimeoutFetch, loadNetwork } from './connect-fetch';
export type { WireFetch } from './connect-fetch';
export { RateLimiter, type RateLimiterOptions } from './rate-limit';
export { RateBudgets, API_REQUESTS_PER_SECOND, LOOKUP_REQUESTS_PER_SECOND, type RateBudget } from './rate-budgets';
export { LOOKUP_BATCH, type AppMetadata, type LookupOptions } from './metadata';
export type { FullResyncRequired, PageSink, WalkOptions, WalkResult } from './paging';
export type { Offloaded } from './http';
export * from './schemas';
