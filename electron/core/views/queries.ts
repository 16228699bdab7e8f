/**
 * Read-only views of the cache for the window and the CLI: apps with their
 * license counts, users with their VPP Terms Status, assignments,
 * deployments and the activity log. All of it works offline.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { appKey } from '../../../shared/keys';
import { isLowStock, ruleFor, urgencyOf } from '../../../shared/low-stock';
import { inviteUrlOf, termsStatusOf } from '../cache';
import { AppHolders } from './app-holders';
import { vppDeskAssignedCounts } from './assigned-by';
import { deploymentFilter } from './deployment-filter';
import { buildDeploymentRows, DEPLOYMENT_SEARCH, deploymentRowOf, type DeploymentIndex } from './deployment-rows';
import { View } from './paging';
import { PartsSearch } from './search-parts';
import { due, mapSteps, type Steps } from './steps';
import type { ParsedRequestOf, ResultOf } from '../../../shared/contract';
import type { ActivityEntry, AppRow, AssignmentRow, DeploymentRow, UserRow } from '../../../shared/domain';
import type { CachedDeployment, CachedUser, Store } from '../cache';

/** Users indexed per slice (indexUsers): a few milliseconds each. */
const INDEX_SLICE_ROWS = 10_000;

let blockingIndexBuilds = 0;

/** User indexes built in one call (userIndex() finding none ahead) in this process: tests check the window's host. */
export function userIndexesBuiltInOneCall(): number {
  return blockingIndexBuilds;
}

export class Queries {
  private usersById: Map<string, CachedUser> | null = null;
  private usersIndexed: readonly CachedUser[] | null = null;
  private usersIndexedLength = -1;

  readonly apps = new View<AppRow>(
    () => this.buildApps(),
    (r) => `${r.name} ${r.adamId} ${r.productType}`.toLowerCase(),
    'name',
  );
  readonly users = new View<UserRow>(
    () => this.buildUsers(),
    (r) => `${r.clientUserId} ${r.email ?? ''}`.toLowerCase(),
    'clientUserId',
  );
  readonly assignments = new View<AssignmentRow>(
    () => mapSteps(this.store.data.assignments, (a) => ({ ...a })),
    (r) => `${r.adamId} ${r.clientUserId ?? ''} ${r.serialNumber ?? ''}`.toLowerCase(),
    'adamId',
  );
  /** Searched by parts with the slots the build gives (search-parts.ts): no search text per row. */
  private readonly deploymentSearch = new PartsSearch(DEPLOYMENT_SEARCH);
  /** The last build's slots and codes, which the filters read (deployment-filter.ts). */
  private deploymentIndex: DeploymentIndex | null = null;
  readonly deployments = new View<DeploymentRow>(() => this.buildDeployments(), this.deploymentSearch, 'updatedAt');
  /** Built from what the store last read of the log: the readers below await store.activity() first. */
  readonly activity = new View<ActivityEntry>(
    () => [...this.store.activityLoaded()],
    (r) => r.message.toLowerCase(),
    'at',
  );

  /** One app's holders for a deployment's license plan, built ahead by the window's host (app-holders.ts). */
  readonly appHolders: AppHolders;

  constructor(private readonly store: Store) {
    this.appHolders = new AppHolders(store);
  }

  appName(adamId: string): string {
    return this.store.data.appNames[adamId] ?? adamId;
  }

  /**
   * Users by id, rebuilt when the users are another list (a sync, another process's write) or grew (a deployment
   * registers users by adding them): not at every change of the cache. Rebuilt per change, 250,000 users held the
   * window's thread ~100 ms at each step of a deployment. Rows changed in place are the map's own objects.
   */
  userIndex(): Map<string, CachedUser> {
    const users = this.store.data.users;
    if (!this.indexFits(users)) {
      if (users.length > 0) blockingIndexBuilds++;
      this.keepIndex(users, new Map(users.map((u) => [u.clientUserId, u])));
    }
    return this.usersById as Map<string, CachedUser>;
  }

  /**
   * Builds the user index ahead, a slice at a time with a turn of the event loop between slices, so that
   * userIndex() finds it built: the window's host calls it before work that looks users up (in one call,
   * 250,000 users held its thread ~200 ms). Read the users ahead first (Store.readCollections).
   */
  async indexUsers(sliceRows = INDEX_SLICE_ROWS): Promise<void> {
    const users = this.store.data.users;
    if (this.indexFits(users)) return;
    const index = new Map<string, CachedUser>();
    const length = users.length;
    for (let start = 0; start < length; start += sliceRows) {
      if (start > 0) await turn();
      // Changed meanwhile: userIndex() builds it again from what is there then.
      if (this.store.data.users !== users || users.length !== length) return;
      for (let i = start; i < Math.min(length, start + sliceRows); i++) {
        const u = users[i] as CachedUser;
        index.set(u.clientUserId, u);
      }
    }
    // No turn since the last slice's check: what was indexed is what is there.
    this.keepIndex(users, index);
  }

  private indexFits(users: readonly CachedUser[]): boolean {
    return this.usersById !== null && this.usersIndexed === users && this.usersIndexedLength === users.length;
  }

  private keepIndex(users: readonly CachedUser[], index: Map<string, CachedUser>): void {
    this.usersById = index;
    this.usersIndexed = users;
    this.usersIndexedLength = users.length;
  }

  /**
   * VPP Desk's rows per app: as their part counted them when written (Store.deploymentCounts), or counted from the
   * rows in memory, in slices (a million rows held the thread ~300 ms in one call).
   */
  private *deploymentCounts(): Steps<{ counts: ReadonlyMap<string, number>; ours: ReadonlyMap<string, number> }> {
    const known = this.store.deploymentCounts();
    if (known) return { counts: new Map(Object.entries(known.rows)), ours: new Map(Object.entries(known.assigned)) };
    const counts = new Map<string, number>();
    const deployments = this.store.data.deployments;
    for (let i = 0; i < deployments.length; i++) {
      const d = deployments[i] as CachedDeployment;
      const key = appKey(d.adamId, d.pricingParam);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (due(i)) yield;
    }
    // From the deployment rows alone: Apple's assignments (a million in a large district) are never read here.
    return { counts, ours: yield* vppDeskAssignedCounts(deployments) };
  }

  private *buildApps(): Steps<AppRow[]> {
    const { counts, ours } = yield* this.deploymentCounts();
    // Object.assign, not `{ ...a, name, ... }`: the same row, but V8 took ~4 µs a row to copy an asset and add
    // fields to the copy, ~140 ms of `vpp-desk apps` at 10,000 apps; this takes about a tenth of that.
    return yield* mapSteps(this.store.data.assets, (a): AppRow =>
      Object.assign({}, a, {
        supportedPlatforms: [...a.supportedPlatforms],
        name: this.appName(a.adamId),
        deploymentCount: counts.get(appKey(a.adamId, a.pricingParam)) ?? 0,
        // Of Apple's assignments: rows the last sync's check left alone (waiting on a write) never count above them.
        vppDeskAssigned: Math.min(ours.get(appKey(a.adamId, a.pricingParam)) ?? 0, a.assignedCount),
      }),
    );
  }

  private buildUsers(): Steps<UserRow[]> {
    const service = this.store.data.service;
    return mapSteps(this.store.data.users, (u) => ({
      clientUserId: u.clientUserId,
      email: u.email,
      status: u.status,
      termsStatus: termsStatusOf(u),
      inviteUrl: inviteUrlOf(u, service),
    }));
  }

  private *buildDeployments(): Steps<DeploymentRow[]> {
    const built = yield* buildDeploymentRows(this.store.data.deployments, this.userIndex(), (id) => this.appName(id));
    this.deploymentSearch.keep(built.index.rows, built.index.slots, built.texts);
    this.deploymentIndex = built.index;
    return built.index.rows;
  }

  deploymentRow(d: CachedDeployment, users: ReadonlyMap<string, CachedUser> = this.userIndex()): DeploymentRow {
    return deploymentRowOf(d, users.get(d.clientUserId), this.appName(d.adamId));
  }

  async queryApps(req: ParsedRequestOf<'apps:query'>): Promise<ResultOf<'apps:query'>> {
    const settings = this.store.data.insight;
    const rule = (r: AppRow) => ruleFor(settings, r.adamId, r.pricingParam);
    const low = req.lowStockOnly ? (r: AppRow) => isLowStock(r, rule(r)) : undefined;
    if (req.sortBy !== 'urgency') return this.apps.query(this.store.generation, req, low, String(req.lowStockOnly));
    // Most urgent first: furthest at or below its own threshold, then closest to it; names break ties.
    const rows = await this.apps.all(
      this.store.generation,
      { ...req, sortBy: 'name', sortDir: 'asc' },
      low,
      String(req.lowStockOnly),
    );
    const sign = req.sortDir === 'desc' ? -1 : 1;
    const ordered = rows
      .map((r, i) => ({ r, i, u: urgencyOf(r, rule(r)) }))
      .sort((a, b) => (a.u - b.u) * sign || a.i - b.i)
      .map((x) => x.r);
    return { total: ordered.length, offset: req.offset, rows: ordered.slice(req.offset, req.offset + req.limit) };
  }

  queryUsers(req: ParsedRequestOf<'users:query'>): Promise<ResultOf<'users:query'>> {
    const terms = req.terms;
    return this.users.query(
      this.store.generation,
      req,
      terms ? (r) => r.termsStatus === terms : undefined,
      terms ?? '',
    );
  }

  queryAssignments(req: ParsedRequestOf<'assignments:query'>): Promise<ResultOf<'assignments:query'>> {
    return this.assignments.query(this.store.generation, req);
  }

  private deploymentFilter(req: ParsedRequestOf<'deployments:query'>) {
    return deploymentFilter(req, () => this.deploymentIndex);
  }

  queryDeployments(req: ParsedRequestOf<'deployments:query'>): Promise<ResultOf<'deployments:query'>> {
    const [filter, key] = this.deploymentFilter(req);
    return this.deployments.query(this.store.generation, req, filter, key);
  }

  allDeployments(req: ParsedRequestOf<'deployments:query'>): Promise<DeploymentRow[]> {
    const [filter, key] = this.deploymentFilter(req);
    return this.deployments.all(this.store.generation, req, filter, key);
  }

  allApps(req: ParsedRequestOf<'apps:query'> | ParsedRequestOf<'deployments:query'>): Promise<AppRow[]> {
    return this.apps.all(this.store.generation, req);
  }

  allUsers(req: ParsedRequestOf<'users:query'> | ParsedRequestOf<'deployments:query'>): Promise<UserRow[]> {
    return this.users.all(this.store.generation, req);
  }

  async allActivity(
    req: ParsedRequestOf<'activity:query'> | ParsedRequestOf<'deployments:query'>,
  ): Promise<ActivityEntry[]> {
    await this.store.activity();
    const [filter, key] = activityFilter(req);
    return this.activity.all(this.store.activityGeneration, req, filter, key);
  }

  async queryActivity(req: ParsedRequestOf<'activity:query'>): Promise<ResultOf<'activity:query'>> {
    await this.store.activity();
    const [filter, key] = activityFilter(req);
    const sorted = { ...req, sortBy: req.sortBy ?? 'at', sortDir: req.sortBy ? req.sortDir : ('desc' as const) };
    return this.activity.query(this.store.activityGeneration, sorted, filter, key);
  }
}

type ActivityFilters = Partial<
  Pick<ParsedRequestOf<'activity:query'>, 'kind' | 'source' | 'clientUserId' | 'adamId' | 'since' | 'until'>
>;

/** The activity log's filters (user, app, kind, source, time) as one predicate and its cache key. */
function activityFilter(req: ActivityFilters): [((r: ActivityEntry) => boolean) | undefined, string] {
  const { kind, source, clientUserId, adamId, since, until } = req;
  if (!kind && !source && !clientUserId && !adamId && !since && !until) return [undefined, ''];
  const from = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const to = until ? Date.parse(until) : Number.POSITIVE_INFINITY;
  return [
    (r) => {
      if ((kind && r.kind !== kind) || (source && r.source !== source)) return false;
      if ((clientUserId && r.clientUserId !== clientUserId) || (adamId && r.adamId !== adamId)) return false;
      const t = Date.parse(r.at);
      return t >= from && t <= to;
    },
    [kind, source, clientUserId, adamId, since, until].map((v) => v ?? '').join('|'),
  ];
}
