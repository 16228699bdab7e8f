/**
 * AppleClient: every endpoint of Apple's Apps and Books for Organizations API
 * (v2) that VPP Desk uses, plus the walks and event waits sync and deploy
 * build on. Splitting large writes to Apple's limits is batching.ts's job:
 * the deploy journal records each chunk before it is sent.
 * All calls with one token share one rate limiter (15 req/s by default):
 * pass the token's budget from RateBudgets, since a client is built per
 * operation. Each client caps its own requests in flight (5), as Apple asks.
 *
 * Error contract (all VppError subclasses, see errors.ts and http.ts):
 * - AppleApiError TOKEN_EXPIRED / TOKEN_REVOKED / TOKEN_INVALID: never
 *   retried; hooks.onTokenProblem is told first.
 * - AppleApiError APPLE_BUSY: 9646/429/5xx still failing after maxRetries,
 *   or Apple asked to wait longer than maxBackoffMs (see retryAfterMs).
 * - AppleUnreachableError APPLE_UNREACHABLE: network, timeout, unreadable
 *   reply. For writes, `mayHaveReachedApple: true` means the write was sent
 *   and NOT retried: reconcile by reading back before sending it again.
 * - AppleApiError APPLE_ERROR: any other Apple error, number and message kept.
 * - VppError MDM_CHANGED: another product claimed the token; the client
 *   stays stopped and every later call fails the same way.
 * - An aborted call rejects with the AbortSignal's reason, unchanged.
 */
import { connectTimeoutFetch, type WireFetch } from './connect-fetch';
import { INVALID_VERSION_ID, isAppleError, type TokenProblem } from './errors';
import { pollEvent, type FinishedEvent, type WaitForEventOptions } from './events';
import { AppleHttp, type Offloaded, type QueryValue } from './http';
import { MdmGuard, type MdmChangedInfo } from './mdm-guard';
import { lookupMetadata, type LookupOptions } from './metadata';
import {
  walkPages,
  type FullResyncRequired,
  type Page,
  type PageSink,
  type WalkOptions,
  type WalkResult,
} from './paging';
import { LOOKUP_REQUESTS_PER_SECOND, type RateBudget } from './rate-budgets';
import { RateLimiter } from './rate-limit';
import {
  ClientConfigSchema,
  EventResponseSchema,
  GetAssetsResponseSchema,
  GetAssignmentsResponseSchema,
  GetUsersResponseSchema,
  ServiceConfigSchema,
  StatusResponseSchema,
  type Asset,
  type Assignment,
  type ClientConfig,
  type ClientConfigRequest,
  type EventResponse,
  type GetAssetsParams,
  type GetAssetsResponse,
  type GetAssignmentsParams,
  type GetAssignmentsResponse,
  type GetUsersParams,
  type GetUsersResponse,
  type ManageAssetsRequest,
  type RequestUser,
  type RevokeAssetsRequest,
  type ServiceConfig,
  type StatusResponse,
  type User,
} from './schemas';
import { Semaphore } from './semaphore';
import type { Clock } from '../base';
import type * as z from 'zod';

export interface AppleClientHooks {
  /** Apple refused the token; the state tells the admin what to do. */
  onTokenProblem?(state: TokenProblem): void;
  /** Another product's mdmInfo came back; the client has stopped. */
  onMdmChanged?(info: MdmChangedInfo): void;
}

export interface AppleClientOptions {
  /** e.g. https://vpp.itunes.apple.com/mdm/v2 */
  baseUrl: string;
  /** The whole .vpptoken file content, read per request (never cached here). */
  token: () => Promise<string>;
  clock: Clock;
  /** Our mdmInfo.id; responses naming another id stop the client. */
  expectedMdmId?: string | (() => string | undefined);
  hooks?: AppleClientHooks;
  /** Per attempt, from sending to the end of the reply. Default 20 s: a silent server is told within 45 s. */
  timeoutMs?: number;
  /** To make the connection, separate from timeoutMs. Default 5 s. Used by the default fetch only. */
  connectTimeoutMs?: number;
  /** Connection failures are retried only this long after the first attempt. Default 8 s. */
  unreachableWithinMs?: number;
  /** Retries after the first attempt. Default 4. */
  maxRetries?: number;
  /** Longest single wait; a longer Retry-After fails at once with APPLE_BUSY. Default 60 s. */
  maxBackoffMs?: number;
  /** Default 15. Ignored when `budget` is given. */
  requestsPerSecond?: number;
  /** The token's shared rate budget (RateBudgets.forToken); default one of this client's own. */
  budget?: RateBudget;
  /** Requests in flight for this client, walks included. Default 5. */
  concurrency?: number;
  /** Default: undici with the connect timeout, which reports when each request reaches the wire. */
  fetch?: WireFetch;
  /** Jitter source, for tests. */
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface UsersWalkOptions extends WalkOptions, Omit<GetUsersParams, 'pageIndex'> {}
export interface AssignmentsWalkOptions extends WalkOptions, Omit<GetAssignmentsParams, 'pageIndex'> {}
export interface AssetsWalkOptions extends WalkOptions, Omit<GetAssetsParams, 'pageIndex'> {}

export const DEFAULTS = {
  timeoutMs: 20_000,
  connectTimeoutMs: 5_000,
  maxRetries: 4,
  maxBackoffMs: 60_000,
  requestsPerSecond: 15,
  concurrency: 5,
} as const;

export class AppleClient {
  private readonly http: AppleHttp;
  private readonly mdm: MdmGuard;
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly lookupLimiter: RateLimiter;

  constructor(options: AppleClientOptions) {
    this.clock = options.clock;
    this.concurrency = options.concurrency ?? DEFAULTS.concurrency;
    const budget = options.budget ?? {
      api: new RateLimiter(options.clock, options.requestsPerSecond ?? DEFAULTS.requestsPerSecond),
      lookup: new RateLimiter(options.clock, LOOKUP_REQUESTS_PER_SECOND),
    };
    this.lookupLimiter = budget.lookup;
    const hooks = options.hooks;
    this.mdm = new MdmGuard(
      options.expectedMdmId,
      hooks?.onMdmChanged ? (info) => safely(() => hooks.onMdmChanged?.(info)) : undefined,
    );
    this.http = new AppleHttp({
      baseUrl: options.baseUrl,
      token: options.token,
      clock: options.clock,
      fetch: options.fetch ?? connectTimeoutFetch(options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs),
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      ...(options.unreachableWithinMs !== undefined ? { unreachableWithinMs: options.unreachableWithinMs } : {}),
      ...(options.fetch ? {} : { connectTimeoutMs: options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs }),
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      maxBackoffMs: options.maxBackoffMs ?? DEFAULTS.maxBackoffMs,
      limiter: budget.api,
      slots: new Semaphore(this.concurrency),
      mdm: this.mdm,
      onTokenProblem: hooks?.onTokenProblem ? (state) => hooks.onTokenProblem?.(state) : undefined,
      ...(options.random ? { random: options.random } : {}),
    });
  }

  /** True once another product's mdmInfo was seen; the client refuses every call. */
  get stopped(): boolean {
    return this.mdm.isStopped;
  }

  // --- configuration ---------------------------------------------------------

  /** GET /service/config (no token): request limits and service URLs. */
  serviceConfig(opts: CallOptions = {}): Promise<ServiceConfig> {
    return this.http.request({
      method: 'GET',
      url: '/service/config',
      auth: 'none',
      schema: ServiceConfigSchema,
      idempotent: true,
      signal: opts.signal,
    });
  }

  /** GET /client/config: location, country, uId, and mdmInfo once claimed. */
  getClientConfig(opts: CallOptions = {}): Promise<ClientConfig> {
    return this.http.request({
      method: 'GET',
      url: '/client/config',
      auth: 'bearer',
      schema: ClientConfigSchema,
      idempotent: true,
      signal: opts.signal,
    });
  }

  /** POST /client/config, e.g. `{ mdmInfo }` to claim the token. Setting it twice is harmless, so it is retried like a read. */
  setClientConfig(config: ClientConfigRequest, opts: CallOptions = {}): Promise<ClientConfig> {
    return this.http.request({
      method: 'POST',
      url: '/client/config',
      body: config,
      auth: 'bearer',
      schema: ClientConfigSchema,
      idempotent: true,
      signal: opts.signal,
    });
  }

  // --- paged reads (one page) -----------------------------------------------

  getAssets(params: GetAssetsParams = {}, opts: CallOptions = {}): Promise<GetAssetsResponse> {
    return this.get('/assets', GetAssetsResponseSchema, { ...params }, opts);
  }

  getUsers(params: GetUsersParams = {}, opts: CallOptions = {}): Promise<GetUsersResponse> {
    return this.get('/users', GetUsersResponseSchema, { ...params }, opts);
  }

  getAssignments(params: GetAssignmentsParams = {}, opts: CallOptions = {}): Promise<GetAssignmentsResponse> {
    return this.get('/assignments', GetAssignmentsResponseSchema, { ...params }, opts);
  }

  // --- walks -----------------------------------------------------------------

  /** Every asset (filters apply). /assets takes no sinceVersionId, so this is always a full read. */
  walkAssets<U = Asset>(options: AssetsWalkOptions & Mapped<Asset, U> = {}): Promise<WalkResult<U>> {
    const { signal, onProgress, map, ...filters } = options;
    return walkPages<U>(
      (pageIndex, s) =>
        this.getAssets({ ...filters, pageIndex }, { signal: s }).then((r) => page(r, mapItems(r.assets, map))),
      this.walkOptions(signal, onProgress),
    );
  }

  /**
   * Every user, or with `sinceVersionId` only those changed since. A
   * sinceVersionId Apple no longer accepts (9721) resolves to
   * `{ fullResync: true }`: walk again without it and replace, not merge.
   */
  walkUsers<U = User>(options: UsersWalkOptions & Mapped<User, U> = {}): Promise<WalkResult<U> | FullResyncRequired> {
    const { signal, onProgress, map, sink, ...filters } = options;
    return fullResyncOn9721(
      walkPages<U>(
        (pageIndex, s) =>
          this.walkPage('/users', GetUsersResponseSchema, { ...filters, pageIndex }, s, sink, (r) =>
            mapItems(r.users, map),
          ),
        { ...this.walkOptions(signal, onProgress), sink },
      ),
    );
  }

  /** Like walkUsers, for assignments. */
  walkAssignments<U = Assignment>(
    options: AssignmentsWalkOptions & Mapped<Assignment, U> = {},
  ): Promise<WalkResult<U> | FullResyncRequired> {
    const { signal, onProgress, map, sink, ...filters } = options;
    return fullResyncOn9721(
      walkPages<U>(
        (pageIndex, s) =>
          this.walkPage('/assignments', GetAssignmentsResponseSchema, { ...filters, pageIndex }, s, sink, (r) =>
            mapItems(r.assignments, map),
          ),
        { ...this.walkOptions(signal, onProgress), sink },
      ),
    );
  }

  // --- asynchronous writes (one request each) --------------------------------

  associate(req: ManageAssetsRequest, opts: CallOptions = {}): Promise<EventResponse> {
    return this.write('/assets/associate', req, opts);
  }

  disassociate(req: ManageAssetsRequest, opts: CallOptions = {}): Promise<EventResponse> {
    return this.write('/assets/disassociate', req, opts);
  }

  revoke(req: RevokeAssetsRequest, opts: CallOptions = {}): Promise<EventResponse> {
    return this.write('/assets/revoke', req, opts);
  }

  createUsers(users: RequestUser[], opts: CallOptions = {}): Promise<EventResponse> {
    return this.write('/users/create', { users }, opts);
  }

  retireUsers(users: Array<{ clientUserId: string }>, opts: CallOptions = {}): Promise<EventResponse> {
    return this.write('/users/retire', { users: users.map((u) => ({ clientUserId: u.clientUserId })) }, opts);
  }

  // --- events ----------------------------------------------------------------

  eventStatus(eventId: string, opts: CallOptions = {}): Promise<StatusResponse> {
    return this.get('/status', StatusResponseSchema, { eventId }, opts);
  }

  /** Polls GET /status until COMPLETE or FAILED; the result lists Apple's failures (possibly empty). */
  waitForEvent(eventId: string, options: WaitForEventOptions = {}): Promise<FinishedEvent> {
    return pollEvent((signal) => this.eventStatus(eventId, signal ? { signal } : {}), this.clock, options);
  }

  // --- content metadata ------------------------------------------------------

  /** adamId -> name from the store lookup service (see metadata.ts); ids Apple does not know are simply missing. */
  async lookupNames(adamIds: readonly string[], options: LookupOptions): Promise<Map<string, string>> {
    const metadata = await lookupMetadata(this.http, adamIds, options, this.lookupLimiter);
    return new Map([...metadata].map(([id, m]) => [id, m.name]));
  }

  // --- internals -------------------------------------------------------------

  private get<S extends z.ZodType>(
    url: string,
    schema: S,
    query: Record<string, QueryValue>,
    opts: CallOptions,
    /** A 200 body parsed elsewhere (http.ts RequestSpec.offload). */
    offload?: (body: ArrayBuffer) => Promise<Offloaded>,
  ): Promise<z.output<S>> {
    return this.http.request({
      method: 'GET',
      url,
      query,
      auth: 'bearer',
      schema,
      idempotent: true,
      signal: opts.signal,
      offload,
    });
  }

  /**
   * One page of a users or assignments walk. With a sink that takes raw
   * pages, the body goes to it unread: the rows are parsed, checked and
   * converted there (the sync's worker), and only the page's own fields
   * (paging, mdmInfo, errors) are read here.
   */
  private async walkPage<S extends z.ZodType<{ versionId: string; totalPages: number }>, U>(
    url: string,
    schema: S,
    query: Record<string, QueryValue> & { pageIndex: number },
    signal: AbortSignal | undefined,
    sink: PageSink<U> | undefined,
    items: (reply: z.output<S>) => U[],
  ): Promise<Page<U>> {
    const raw = sink?.raw;
    // Per attempt: a reply the sink gave back as text (an error inside HTTP 200) is read here and retried.
    let held = false;
    const offload = raw
      ? async (body: ArrayBuffer) => {
          const taken = await raw(query.pageIndex, body);
          held = 'json' in taken;
          return taken;
        }
      : undefined;
    const reply = await this.get(url, schema, query, signal ? { signal } : {}, offload);
    return held ? { ...page(reply, []), held } : page(reply, items(reply));
  }

  private write(url: string, body: unknown, opts: CallOptions): Promise<EventResponse> {
    return this.http.request({
      method: 'POST',
      url,
      body,
      auth: 'bearer',
      schema: EventResponseSchema,
      idempotent: false,
      signal: opts.signal,
    });
  }

  private walkOptions(signal: AbortSignal | undefined, onProgress: WalkOptions['onProgress']) {
    return { concurrency: this.concurrency, ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) };
  }
}

/**
 * A walk may convert each page's records as it arrives, so the parsed page
 * objects die young instead of surviving (and being collected) at the end.
 */
export interface Mapped<T, U> {
  map?: (item: T) => U;
  /** Pages handed over as they arrive rather than kept (paging.ts PageSink). */
  sink?: PageSink<U> | undefined;
}

function mapItems<T, U>(items: T[], map: ((item: T) => U) | undefined): U[] {
  return map ? items.map(map) : (items as unknown as U[]);
}

function page<T>(res: { versionId: string; totalPages: number }, items: T[]): Page<T> {
  return { items, versionId: res.versionId, totalPages: res.totalPages };
}

async function fullResyncOn9721<T>(walk: Promise<WalkResult<T>>): Promise<WalkResult<T> | FullResyncRequired> {
  try {
    return await walk;
  } catch (err) {
    if (isAppleError(err, INVALID_VERSION_ID)) return { fullResync: true, reason: 'invalid-since-version' };
    throw err;
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A failing hook must not change what the caller sees.
  }
}
