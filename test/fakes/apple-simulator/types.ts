// Public types of the Apple "Apps and Books for Organizations" (VPP v2)
// simulator. Other engineers code against these names: keep them stable.

export type PricingParam = 'STDQ' | 'PLUS';
export type ProductType = 'App' | 'Book';
export type Platform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS';
/** `Deleted` is a legacy state Apple documents; the simulator never produces it. */
export type UserStatus = 'Registered' | 'Associated' | 'Retired';
export type EventType = 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';
export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED';

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

export interface SimulatorOptions {
  /** Default 0 (random). The server always binds 127.0.0.1. */
  port?: number;
  /** Seed of the deterministic PRNG (same seed, same organisation). */
  seed?: number;
  /** Distinct products (adamIds); some also get a PLUS asset. Default 12. */
  apps?: number;
  /** Default 40. */
  users?: number;
  /** Default 60. */
  assignments?: number;
  /** Records per page, the server's choice (Apple uses "hundreds"). Default 250. */
  pageSize?: number;
  /** How long write events stay PENDING. Default 100. */
  eventDelayMs?: number;
  /** Realistic names (Keynote, Slack…, ana.garcia@example.edu). */
  demo?: boolean;
  orgName?: string;
  locationName?: string;
  uId?: string;
  /** Answer 9646/429 above ~15 requests a second per token. Off by default. */
  enforceRateLimit?: boolean;
  /** With enforceRateLimit: requests allowed in any rolling second per token. Default 15, Apple's. */
  rateLimitPerSecond?: number;
  /**
   * With enforceRateLimit: count arrivals on a thread of its own, a proxy in front of the simulator on its
   * URL, as Apple counts at its front door. The simulator's own loop pauses while it collects the garbage of
   * a million rows and would stamp requests that arrived apart as one burst. For the bench at 1M; holds then
   * see the front's socket, not the client's.
   */
  limitAtFrontThread?: boolean;
  /** Network round trip added to every API request, in ms. Default 0. */
  latencyMs?: number;
  /** Spread of that latency (uniform, centred on latencyMs). Default a tenth of latencyMs. */
  latencyJitterMs?: number;
}

export type Fault = {
  /** Substring of the request path (with query); absent matches every API request. */
  match?: string;
  /** Times the fault fires, default 1; a negative number or Infinity fires until cleared. */
  count?: number;
} & (
  | { kind: 'rate-limit'; retryAfter?: number | string }
  | { kind: 'server-error'; status?: number; retryAfter?: number | string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' }
  | { kind: 'truncate' }
  | { kind: 'error-200'; errorNumber: number }
  | { kind: 'revoke-after'; requests: number }
  /**
   * Quotes the request's Authorization header back (whole, URL-encoded and an
   * excerpt): in an error body ('body', HTTP 400 with 9602), or in the failures
   * of the event answered by a matching /status request once it is final ('event').
   */
  | { kind: 'echo-auth'; in?: 'body' | 'event' }
);

export type FaultKind = Fault['kind'];

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the socket was dropped without an answer. */
  status: number;
  at: number;
}

/** One asset as the simulator holds it (Apple's ResponseAsset plus the store name). */
export interface AssetView {
  adamId: string;
  pricingParam: PricingParam;
  productType: ProductType;
  name: string;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: Platform[];
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
}

export interface UserView {
  clientUserId: string;
  email?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
}

export interface AssignmentView {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId?: string;
  serialNumber?: string;
}

export interface VersionIds {
  assets: string;
  users: string;
  assignments: string;
}

export interface LocationSummary {
  uId: string;
  locationName: string;
  orgName: string;
  mdmInfo: MdmInfo | null;
  assets: number;
  users: number;
  assignments: number;
  versionIds: VersionIds;
}

export interface SimulatorState {
  uId: string;
  assets: number;
  users: number;
  assignments: number;
  versionIds: VersionIds;
  events: { pending: number; complete: number; failed: number };
  tokens: { valid: number; revoked: number; expired: number };
  requests: number;
  locations: LocationSummary[];
}

export interface IssueTokenOptions {
  uId?: string;
  expDate?: Date;
  orgName?: string;
  /** Revoke the location's earlier tokens, as downloading a new one in ABM/ASM does. */
  revokeOthers?: boolean;
}

export interface AddLocationOptions {
  uId: string;
  locationName: string;
  orgName?: string;
  /** Size of the location's own organisation; defaults are tiny (3 apps, 5 users, 4 assignments). */
  apps?: number;
  users?: number;
  assignments?: number;
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:PORT/mdm/v2 (clients append /assets etc.). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** uId of the main location. */
  uId: string;
  close(): Promise<void>;
  /** Returns .vpptoken FILE CONTENT registered as valid for that location (default: main). */
  issueToken(opts?: IssueTokenOptions): string;
  addLocation(opts: AddLocationOptions): void;
  revokeToken(fileContent: string): void;
  expireToken(fileContent: string): void;
  setMdmInfo(uId: string | undefined, info: MdmInfo | null): void;
  /** Registered -> Associated (gains idHash), bumps the users versionId. */
  acceptTerms(clientUserId: string, uId?: string): void;
  /** totalCount and availableCount grow; creates the asset if the location does not own it yet. */
  buyLicenses(adamId: string, pricingParam: PricingParam, count: number, uId?: string): void;
  /** `fired()`: how many faults fired so far (a test checks its fault happened). */
  faults: { set(fault: Fault): void; clear(): void; fired(): number };
  /** Request log of the Apple-facing endpoints (not /__sim). */
  requests: RequestLogEntry[];
  state(): SimulatorState;
  asset(adamId: string, pricingParam?: PricingParam, uId?: string): AssetView | undefined;
  listAssets(uId?: string): AssetView[];
  user(clientUserId: string, uId?: string): UserView | undefined;
  /** First `limit` users (creation order) with that status. */
  usersByStatus(status: UserStatus, limit?: number, uId?: string): UserView[];
  assignmentsFor(adamId: string, uId?: string): AssignmentView[];
  assignmentsOfUser(clientUserId: string, uId?: string): AssignmentView[];
  /** Every /assets/associate as received (see AssociateRecord). */
  associations: AssociateRecord[];
  /** Stops the next matching request at a named moment; resolves when it is there. */
  hold(spec: HoldSpec): Promise<Held>;
}

/** Where a hold stops a request: before the simulator acts on it, or after, with the answer kept back. */
export type HoldPhase = 'received' | 'answered';

export interface HoldSpec {
  /** End of the request path, e.g. '/assets/associate' or '/status'. */
  path: string;
  phase: HoldPhase;
  /** Further condition on the payload (request body when received, response body when answered). */
  when?: (payload: unknown) => boolean;
}

export interface Held {
  path: string;
  phase: HoldPhase;
  payload: unknown;
  /** Lets the request go on (a dead client's socket just swallows the answer). */
  release(): void;
  /** Resolves once the client's connection closed (a killed client's kernel closes it). */
  clientGone: Promise<void>;
}

/** One /assets/associate as received: per asset, what was asked and what was free. */
export interface AssociateRecord {
  eventId: string;
  at: number;
  assets: Array<{
    adamId: string;
    pricingParam: PricingParam;
    clientUserIds: string[];
    serialNumbers: string[];
    /** availableCount when the request arrived. */
    availableCount: number;
    /** Ids of earlier associate events for this asset still PENDING at that moment. */
    inFlight: number;
  }>;
}
