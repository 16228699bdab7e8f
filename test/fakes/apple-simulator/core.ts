// The simulator's state and the operations behind both the in-process API
// (index.ts) and the HTTP control endpoint (control.ts).
import { buyLicenses } from './asset-ops';
import { EventQueue } from './events';
import { FaultQueue } from './faults';
import { HoldQueue } from './holds';
import { Latency } from './latency';
import { AssociateLedger } from './ledger';
import { RATE_LIMIT_PER_SECOND } from './limits';
import { Location } from './location';
import { seedFrom } from './prng';
import { RateLimiter } from './ratelimit';
import { seedStore } from './seed';
import { TokenRegistry } from './tokens';
import { acceptTerms } from './user-ops';
import { assetJson, assignmentJson, userJson } from './views';
import type { CatalogEntry } from './catalog';
import type {
  AddLocationOptions,
  AssetView,
  AssignmentView,
  IssueTokenOptions,
  LocationSummary,
  MdmInfo,
  PricingParam,
  RequestLogEntry,
  SimulatorOptions,
  SimulatorState,
  UserStatus,
  UserView,
} from './types';

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** The log keeps the most recent requests only, so long benchmarks stay lean. */
const MAX_LOG = 100_000;

export interface ResolvedOptions {
  seed: number;
  apps: number;
  users: number;
  assignments: number;
  pageSize: number;
  eventDelayMs: number;
  demo: boolean;
  enforceRateLimit: boolean;
  /** The rate limit is counted by the front thread (front-thread.ts), which marks requests over it. */
  limitAtFrontThread: boolean;
}

export class SimCore {
  origin = '';
  readonly opts: ResolvedOptions;
  readonly catalog = new Map<string, CatalogEntry>();
  readonly locations = new Map<string, Location>();
  readonly main: Location;
  readonly tokens: TokenRegistry;
  readonly faults = new FaultQueue();
  readonly events: EventQueue;
  readonly limiter: RateLimiter | undefined;
  /** Requests allowed in any rolling second per token, when the limit is enforced. */
  readonly rateLimitPerSecond: number;
  readonly latency: Latency | undefined;
  readonly requests: RequestLogEntry[] = [];
  readonly holds = new HoldQueue();
  readonly ledger = new AssociateLedger();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  closed = false;

  constructor(options: SimulatorOptions = {}) {
    const nonNegative = (v: number | undefined, d: number, name: string): number => {
      const n = v ?? d;
      if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
      return n;
    };
    this.opts = {
      seed: options.seed ?? 1,
      apps: nonNegative(options.apps, 12, 'apps'),
      users: nonNegative(options.users, 40, 'users'),
      assignments: nonNegative(options.assignments, 60, 'assignments'),
      pageSize: Math.max(1, nonNegative(options.pageSize, 250, 'pageSize')),
      eventDelayMs: nonNegative(options.eventDelayMs, 100, 'eventDelayMs'),
      demo: options.demo ?? false,
      enforceRateLimit: options.enforceRateLimit ?? false,
      limitAtFrontThread: (options.enforceRateLimit ?? false) && (options.limitAtFrontThread ?? false),
    };
    const demo = this.opts.demo;
    this.tokens = new TokenRegistry(this.opts.seed);
    this.events = new EventQueue(this.opts.eventDelayMs);
    this.rateLimitPerSecond = nonNegative(options.rateLimitPerSecond, RATE_LIMIT_PER_SECOND, 'rateLimitPerSecond');
    this.limiter =
      this.opts.enforceRateLimit && !this.opts.limitAtFrontThread
        ? new RateLimiter(this.rateLimitPerSecond)
        : undefined;
    const latencyMs = nonNegative(options.latencyMs, 0, 'latencyMs');
    this.latency =
      latencyMs > 0 || (options.latencyJitterMs ?? 0) > 0
        ? new Latency(latencyMs, options.latencyJitterMs, seedFrom(this.opts.seed, 'latency'))
        : undefined;
    const uId = options.uId ?? `20490250${String(seedFrom(this.opts.seed, 'uId') % 100_000_000).padStart(8, '0')}`;
    this.main = this.createLocation(
      uId,
      options.locationName ?? (demo ? 'Northwind High School' : 'PS01'),
      options.orgName ?? (demo ? 'Northwind Unified School District' : 'Simulated Organization'),
      { apps: this.opts.apps, users: this.opts.users, assignments: this.opts.assignments },
    );
  }

  private createLocation(
    uId: string,
    locationName: string,
    orgName: string,
    size: { apps: number; users: number; assignments: number },
  ): Location {
    if (this.locations.has(uId)) throw new Error(`location ${uId} already exists`);
    const loc = new Location(
      uId,
      locationName,
      orgName,
      this.opts.demo ? 'https://school.apple.com' : 'https://business.apple.com',
    );
    seedStore(loc.store, this.catalog, { seed: seedFrom(this.opts.seed, uId), demo: this.opts.demo, ...size });
    this.locations.set(uId, loc);
    return loc;
  }

  location(uId?: string): Location {
    const loc = uId === undefined ? this.main : this.locations.get(uId);
    if (loc === undefined) throw new Error(`unknown location ${uId ?? ''}`);
    return loc;
  }

  addLocation(o: AddLocationOptions): void {
    if (typeof o.uId !== 'string' || o.uId === '' || typeof o.locationName !== 'string')
      throw new Error('addLocation needs uId and locationName');
    this.createLocation(o.uId, o.locationName, o.orgName ?? this.main.orgName, {
      apps: o.apps ?? 3,
      users: o.users ?? 5,
      assignments: o.assignments ?? 4,
    });
  }

  issueToken(o: IssueTokenOptions = {}): string {
    const loc = this.location(o.uId);
    const expDate = o.expDate ?? new Date(Date.now() + YEAR_MS);
    if (Number.isNaN(expDate.getTime())) throw new Error('invalid expDate');
    return this.tokens.issue(loc.uId, o.orgName ?? loc.orgName, expDate, o.revokeOthers ?? false);
  }

  revokeToken(fileContent: string): void {
    this.tokens.revoke(fileContent);
  }

  expireToken(fileContent: string): void {
    this.tokens.expire(fileContent);
  }

  setMdmInfo(uId: string | undefined, info: MdmInfo | null): void {
    this.location(uId).mdmInfo = info === null ? null : { id: info.id, name: info.name, metadata: info.metadata };
  }

  acceptTerms(clientUserId: string, uId?: string): void {
    acceptTerms(this.location(uId).store, clientUserId);
  }

  /** Accepting by invitation link: the inviteCode identifies the user. */
  acceptInvitation(inviteCode: string): UserView | undefined {
    for (const loc of this.locations.values()) {
      const user = loc.store.users.find((u) => u.inviteCode === inviteCode);
      if (user !== undefined) return userJson(acceptTerms(loc.store, user.clientUserId));
    }
    return undefined;
  }

  buyLicenses(adamId: string, pricingParam: PricingParam, count: number, uId?: string): void {
    if (pricingParam !== 'STDQ' && pricingParam !== 'PLUS') throw new Error('pricingParam must be STDQ or PLUS');
    buyLicenses(this.location(uId).store, this.catalog, adamId, pricingParam, count);
  }

  logRequest(entry: RequestLogEntry): void {
    this.requests.push(entry);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
  }

  /** A delay that close() cuts short, so a slow fault never holds a test open. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleepers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(entry);
    });
  }

  close(): void {
    this.closed = true;
    this.holds.releaseAll();
    this.events.close();
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
  }

  // ---- views for assertions ---------------------------------------------------

  asset(adamId: string, pricingParam: PricingParam = 'STDQ', uId?: string): AssetView | undefined {
    const rec = this.location(uId).store.asset(adamId, pricingParam);
    return rec === undefined ? undefined : { ...assetJson(rec), name: this.catalog.get(adamId)?.name ?? adamId };
  }

  listAssets(uId?: string): AssetView[] {
    return this.location(uId).store.assets.map((a) => ({
      ...assetJson(a),
      name: this.catalog.get(a.adamId)?.name ?? a.adamId,
    }));
  }

  user(clientUserId: string, uId?: string): UserView | undefined {
    const rec = this.location(uId).store.user(clientUserId);
    return rec === undefined ? undefined : userJson(rec);
  }

  usersByStatus(status: UserStatus, limit = 10, uId?: string): UserView[] {
    const out: UserView[] = [];
    for (const u of this.location(uId).store.users) {
      if (out.length >= limit) break;
      if (u.status === status) out.push(userJson(u));
    }
    return out;
  }

  assignmentsFor(adamId: string, uId?: string): AssignmentView[] {
    return this.location(uId).store.ofAdamId(adamId).map(assignmentJson);
  }

  assignmentsOfUser(clientUserId: string, uId?: string): AssignmentView[] {
    return this.location(uId).store.ofUser(clientUserId).map(assignmentJson);
  }

  summary(loc: Location): LocationSummary {
    const s = loc.store;
    return {
      uId: loc.uId,
      locationName: loc.locationName,
      orgName: loc.orgName,
      mdmInfo: loc.mdmInfo,
      assets: s.assets.length,
      users: s.users.length,
      assignments: s.assignmentCount(),
      versionIds: {
        assets: s.versions.assets.current,
        users: s.versions.users.current,
        assignments: s.versions.assignments.current,
      },
    };
  }

  state(): SimulatorState {
    const main = this.summary(this.main);
    return {
      uId: main.uId,
      assets: main.assets,
      users: main.users,
      assignments: main.assignments,
      versionIds: main.versionIds,
      events: this.events.counts(),
      tokens: this.tokens.counts(),
      requests: this.requests.length,
      locations: [...this.locations.values()].map((l) => this.summary(l)),
    };
  }
}
