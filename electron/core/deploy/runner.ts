/**
 * Deployments: Required uses one license per user, Uninstall gives it back.
 * Rows and journal entries are written before anything is sent to Apple;
 * events are polled to the end; a crash is finished by resume(). One
 * deployment at a time per data folder (base/exclusive.ts).
 */
import { VppError } from '../../../shared/errors';
import { appKey } from '../../../shared/keys';
import { Background, count, Exclusive, within, type Clock, type Emitter, type ProcessLock } from '../base';
import { termsStatusOf } from '../cache';
import { AppleWrites } from './apple-writes';
import { indexRows } from './apply';
import { HolderWrites } from './holder-writes';
import { openEntries, trimJournal } from './journal';
import { REASONS, waitingRows } from './licenses';
import { findAsset, licensePlanFor, planWrites, summarise, uniqueIds, type DeployRequest } from './plan';
import { lookalikeRefusal, namePeople } from './plan-people';
import { describeDrift, driftCount, reconcileRows, rowsToCheck } from './row-reconcile';
import type { DeployOutcome, DeployPlan, ParsedRequestOf } from '../../../shared/contract';
import type { ActivitySource, DeployAction, PricingParam } from '../../../shared/domain';
import type { CacheData, CachedAsset, CachedDeployment, Store } from '../cache';
import type { Connectivity } from '../net';
import type { Queries } from '../views';
import type { DeployApple } from './deploy-apple';

export interface DeploymentDeps {
  store: Store;
  clock: Clock;
  events: Emitter;
  queries: Queries;
  connectivity: Connectivity;
  lock: ProcessLock;
  apple(): Promise<DeployApple>;
  pollIntervalMs?: number;
  /** See read-back.ts. */
  settleMs?: number;
  /**
   * Which deployment rows (rowKey) Apple's synced assignments hold, looked
   * up off the window's thread (the sync's worker); without it, or when it
   * fails, the rows are checked against data.assignments here.
   */
  holdersOf?: (keys: readonly string[]) => Promise<{ file: string; present: ReadonlySet<string> } | null>;
}

export class Deployments {
  private readonly exclusive: Exclusive;
  private readonly background = new Background();
  private readonly writes: AppleWrites;
  /** The assignments part the rows were last set against (row-reconcile.ts). */
  private reconciledAgainst: string | null = null;
  /** The holders views' writes (device deploy, revoke, retire, reclaim): same lock, same journal. */
  readonly holderWrites: HolderWrites;

  constructor(private readonly deps: DeploymentDeps) {
    this.exclusive = new Exclusive(
      deps.lock,
      deps.clock,
      (holder) =>
        new VppError(
          'SYNC_RUNNING',
          `Another VPP Desk process (pid ${holder.pid}) is sending deployments; try again in a moment.`,
        ),
    );
    const writesDeps = {
      store: deps.store,
      clock: deps.clock,
      events: deps.events,
      connectivity: deps.connectivity,
      appName: (adamId: string) => deps.queries.appName(adamId),
      holders: deps.queries.appHolders,
      ...(deps.pollIntervalMs !== undefined ? { pollIntervalMs: deps.pollIntervalMs } : {}),
      ...(deps.settleMs !== undefined ? { settleMs: deps.settleMs } : {}),
    };
    this.writes = new AppleWrites(writesDeps);
    this.holderWrites = new HolderWrites(writesDeps);
  }

  /** Runs work under the deploy lock after finishing whatever a crash left, like every deployment. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    return this.background.track(
      this.exclusive.run('deploy', async () => {
        await this.resumeLocked();
        return work();
      }),
    );
  }

  findAsset(adamId: string, pricingParam?: PricingParam): CachedAsset {
    return findAsset(this.deps.store.data.assets, adamId, pricingParam);
  }

  plan(req: DeployRequest): DeployPlan {
    const asset = this.findAsset(req.adamId, req.pricingParam);
    const ids = uniqueIds(req.clientUserIds);
    const plan = this.licensePlan(asset, req.action, ids);
    const named = namePeople(this.deps.queries.userIndex(), this.deps.store.data.service, plan);
    return { ...summarise(asset, this.deps.queries.appName(asset.adamId), req.action, ids.length, plan), ...named };
  }

  private licensePlan(asset: CachedAsset, action: DeployAction, ids: readonly string[]) {
    const { store, queries } = this.deps;
    const holders = queries.appHolders.holders(asset.adamId, asset.pricingParam);
    return licensePlanFor(store.data, queries.userIndex(), asset, action, ids, holders);
  }

  /** Plans, records and sends; resolves once Apple finished or after waitMs, whichever first. */
  async deploy(req: DeployRequest, waitMs = Number.POSITIVE_INFINITY, source?: ActivitySource): Promise<DeployOutcome> {
    this.findAsset(req.adamId, req.pricingParam);
    this.refuseLookalikes(req);
    this.deps.connectivity.require();
    const done = this.background.track(
      this.exclusive.run('deploy', async () => {
        await this.resumeLocked();
        return this.execute(req, null, source);
      }),
    );
    const finished = await within(done, waitMs);
    const asset = this.findAsset(req.adamId, req.pricingParam);
    const plan = finished ?? this.plan(req);
    const rows = indexRows(this.deps.store.data as CacheData, asset.adamId, asset.pricingParam);
    const users = this.deps.queries.userIndex();
    const out = uniqueIds(req.clientUserIds)
      .map((id) => rows.get(id))
      .filter((r): r is CachedDeployment => r !== undefined)
      .map((r) => this.deps.queries.deploymentRow(r, users));
    return { plan, rows: out };
  }

  /** Ids that look like a known user's are registered only when the admin said so (plan-people.ts). */
  private refuseLookalikes(req: DeployRequest): void {
    if (req.action !== 'required' || req.registerLookalikes === true) return;
    const { lookalikes } = this.plan(req);
    if (lookalikes && lookalikes.length > 0) throw lookalikeRefusal(lookalikes);
  }

  /** Retries failed rows: each (app, user) deployed again with its action. */
  async retry(
    rows: ParsedRequestOf<'deployments:retry'>['rows'],
    waitMs?: number,
    source?: ActivitySource,
  ): Promise<DeployOutcome> {
    const groups = new Map<
      string,
      { adamId: string; pricingParam: PricingParam; action: DeployAction; ids: string[] }
    >();
    // Each app's rows keyed once, for all of that app's rows retried.
    const indexes = new Map<string, Map<string, CachedDeployment>>();
    const rowOf = (r: (typeof rows)[number]) => {
      const key = appKey(r.adamId, r.pricingParam);
      let index = indexes.get(key);
      if (!index) indexes.set(key, (index = indexRows(this.deps.store.data as CacheData, r.adamId, r.pricingParam)));
      return index.get(r.clientUserId);
    };
    const users = this.deps.queries.userIndex();
    for (const r of rows) {
      // A retired user cannot get a license, so a retry cannot help them.
      if (termsStatusOf(users.get(r.clientUserId)) === 'retired') continue;
      const row = rowOf(r);
      const action = row?.action ?? 'required';
      const key = `${appKey(r.adamId, r.pricingParam)}|${action}`;
      const group = groups.get(key) ?? { adamId: r.adamId, pricingParam: r.pricingParam, action, ids: [] };
      group.ids.push(r.clientUserId);
      groups.set(key, group);
    }
    let last: DeployOutcome | null = null;
    const all: DeployOutcome['rows'] = [];
    for (const g of groups.values()) {
      last = await this.deploy(
        // Rows already in the cache were chosen when first deployed: no new look-alike check.
        {
          adamId: g.adamId,
          pricingParam: g.pricingParam,
          action: g.action,
          clientUserIds: g.ids,
          registerLookalikes: true,
        },
        waitMs,
        source,
      );
      all.push(...last.rows);
    }
    if (!last)
      throw new VppError(
        'VALIDATION',
        'Nothing to retry: these users are retired in Apple Business Manager and cannot receive licenses.',
      );
    return { plan: last.plan, rows: all };
  }

  /** Finishes writes a crash left behind, then re-evaluates waiting rows. */
  resume(source: ActivitySource = 'system'): Promise<void> {
    if (openEntries(this.deps.store.data).length === 0 && waitingRows(this.deps.store.data.deployments).length === 0)
      return Promise.resolve();
    return quietly(this.exclusive.run('deploy', () => this.resumeLocked(source)));
  }

  /** Re-evaluation after a sync: waiting Required rows, oldest first, get licenses when they can. */
  reevaluate(source: ActivitySource = 'system'): Promise<void> {
    return this.resume(source);
  }

  /**
   * After a sync that started at `syncStartedAt`: rows are set to what Apple
   * holds (row-reconcile.ts), then waiting rows are re-evaluated.
   */
  afterSync(source: ActivitySource, syncStartedAt: string): Promise<void> {
    const { store } = this.deps;
    // Reading every assignment costs a second at a million: only when there are rows to
    // check and Apple's assignments changed since the last check (a new part file).
    const against = store.snapshotParts().parts.assignments?.file ?? null;
    const checked =
      against !== null && (against === this.reconciledAgainst || against === store.data.sync.rowsCheckedAgainst);
    if (store.data.deployments.length === 0 || checked) return this.resume(source);
    return this.checkRows(source, syncStartedAt, against);
  }

  private async checkRows(source: ActivitySource, syncStartedAt: string, against: string | null): Promise<void> {
    const { store, clock } = this.deps;
    const asked = rowsToCheck(store.data, syncStartedAt);
    const looked = await this.deps.holdersOf?.(asked).catch(() => null);
    // Looked up in another part than the one this check is for (a sync since): checked here instead.
    const held = looked && looked.file === against ? { asked: new Set(asked), present: looked.present } : undefined;
    if (driftCount(reconcileRows(store.data, syncStartedAt, clock.now().toISOString(), false, held)) === 0) {
      this.reconciledAgainst = against;
      if (against !== null && store.data.sync.rowsCheckedAgainst !== against)
        await store.update((d) => {
          d.sync.rowsCheckedAgainst = against;
        });
      return this.resume(source);
    }
    return quietly(
      this.exclusive.run('deploy', async () => {
        await store.refresh();
        // Another sync replaced the assignments meanwhile: its own check follows.
        if (held && store.snapshotParts().parts.assignments?.file !== against) return;
        await store.update((data) => {
          const drift = reconcileRows(data, syncStartedAt, clock.now().toISOString(), true, held);
          if (driftCount(drift) > 0) store.log('deployment', describeDrift(drift), data, { source });
          data.sync.rowsCheckedAgainst = against;
        });
        this.reconciledAgainst = against;
        this.deps.events.emit('state:changed', { reason: 'deployments' });
        await this.resumeLocked(source);
      }),
    );
  }

  /** Waits for every background completion (the CLI waits before exiting). */
  idle(): Promise<void> {
    return this.background.idle();
  }

  private async resumeLocked(source: ActivitySource = 'system'): Promise<void> {
    const { store } = this.deps;
    await store.refresh();
    const open = openEntries(store.data);
    if (open.length > 0) {
      const apple = await this.deps.apple();
      for (const entry of open) {
        if (entry.holders) {
          if (entry.status === 'sent' && entry.eventId) await this.holderWrites.finish(apple, entry.id, entry.eventId);
          else await this.holderWrites.reconcile(apple, entry);
        } else if (entry.status === 'sent' && entry.eventId) await this.writes.finish(apple, entry.id, entry.eventId);
        else await this.writes.reconcile(apple, entry);
      }
    }
    await this.reevaluateLocked(source);
  }

  private async reevaluateLocked(source: ActivitySource): Promise<void> {
    const data = this.deps.store.data;
    const waiting = waitingRows(data.deployments);
    const requeued = data.deployments.filter(
      (d) => (d.state === 'assigning' || d.state === 'reclaiming') && d.journalId === null,
    );
    const groups = new Map<string, DeployRequest>();
    for (const row of [...requeued, ...waiting]) {
      const key = `${appKey(row.adamId, row.pricingParam)}|${row.action}`;
      const group = groups.get(key) ?? {
        adamId: row.adamId,
        pricingParam: row.pricingParam,
        action: row.action,
        clientUserIds: [],
      };
      group.clientUserIds.push(row.clientUserId);
      groups.set(key, group);
    }
    for (const req of groups.values()) {
      if (!data.assets.some((a) => a.adamId === req.adamId && a.pricingParam === req.pricingParam)) continue;
      await this.execute(req, 'keep-created', source);
    }
  }

  /**
   * Apple's counts for one app, read just before licenses are spent: the
   * cache's may be older than a write that finished while a sync was reading
   * Apple (the sync then saves the counts it read before), or than another
   * product's assignments. True when the cache changed. A failed read keeps
   * the cached counts: the send that follows reports the network itself.
   */
  private async refreshCounts(asset: CachedAsset): Promise<boolean> {
    const { store } = this.deps;
    let fresh: { availableCount: number; assignedCount: number } | undefined;
    try {
      const apple = await this.deps.apple();
      const res = await apple.getAssets({ adamId: asset.adamId, pricingParam: asset.pricingParam });
      fresh = res.assets.find((a) => a.adamId === asset.adamId && a.pricingParam === asset.pricingParam);
    } catch {
      return false;
    }
    if (!fresh || (fresh.availableCount === asset.availableCount && fresh.assignedCount === asset.assignedCount))
      return false;
    const counts = { availableCount: fresh.availableCount, assignedCount: fresh.assignedCount };
    await store.update(
      (data) => {
        const cached = data.assets.find((a) => a.adamId === asset.adamId && a.pricingParam === asset.pricingParam);
        if (cached) Object.assign(cached, counts);
      },
      { snapshot: true },
    );
    return true;
  }

  /** Writes rows + journal in one cache write, then sends each entry and applies Apple's answer. */
  private async execute(req: DeployRequest, mode: 'keep-created' | null, source?: ActivitySource): Promise<DeployPlan> {
    const { store, clock } = this.deps;
    await store.refresh();
    let asset = this.findAsset(req.adamId, req.pricingParam);
    const ids = uniqueIds(req.clientUserIds);
    // The plan counts the app's holders: read ahead, a slice at a time (views/app-holders.ts), here and after
    // the counts' refresh below (a change of the cache, after which the plan would count them in one call).
    await this.deps.queries.appHolders.index(asset.adamId, asset.pricingParam);
    let licenses = this.licensePlan(asset, req.action, ids);
    // Apple's counts are read before licenses are spent, and also when the cache says none are left and the admin
    // asked (licenses bought since the last sync would otherwise fail "No licenses available" until it). Not for
    // the re-evaluation after a sync: it has just read them, and one read per waiting app would follow every sync.
    const short = licenses.counts['no-licenses'] > 0 && mode !== 'keep-created';
    if ((licenses.counts.assign > 0 || short) && (await this.refreshCounts(asset))) {
      asset = this.findAsset(req.adamId, req.pricingParam);
      await this.deps.queries.appHolders.index(asset.adamId, asset.pricingParam);
      licenses = this.licensePlan(asset, req.action, ids);
    }
    const appName = this.deps.queries.appName(asset.adamId);
    const plan = summarise(asset, appName, req.action, ids.length, licenses);
    const now = clock.now().toISOString();
    const { entries, changes } = planWrites(
      store.data,
      req,
      asset,
      licenses.decisions,
      indexRows(store.data as CacheData, asset.adamId, asset.pricingParam),
      now,
    );
    const changed = changes.length > 0;
    if (!changed && entries.length === 0 && mode !== null) return plan;
    // The journal remembers who started each write, so its outcome is logged under their name even after a crash.
    const who = { ...(source ? { source } : {}), actor: store.activityDefaults.actor };
    for (const entry of entries) Object.assign(entry, who);

    await store.update((data) => {
      const current = indexRows(data, asset.adamId, asset.pricingParam);
      for (const { id, state, reason, journalId } of changes) {
        const row = current.get(id);
        if (row) {
          // A new action starts a new queue position; re-evaluation keeps the old one.
          if (row.action !== req.action) row.createdAt = now;
          Object.assign(row, { action: req.action, state, reason, journalId, updatedAt: now });
        } else {
          data.deployments.push({
            adamId: asset.adamId,
            pricingParam: asset.pricingParam,
            clientUserId: id,
            action: req.action,
            state,
            reason,
            journalId,
            createdAt: now,
            updatedAt: now,
          });
        }
      }
      data.journal.push(...entries);
      trimJournal(data);
      if (mode === null)
        store.log('deployment', describeRun(req.action, appName, plan), data, { ...who, adamId: asset.adamId });
      // Users the plan turns away for lack of licenses are failures, each logged once (rows that did not change are not).
      for (const c of changes) {
        if (c.state !== 'failed' || c.reason !== REASONS['no-licenses']) continue;
        store.log('license-failed', `${appName} could not be assigned to ${c.id}: ${c.reason}`, data, {
          ...who,
          adamId: asset.adamId,
          clientUserId: c.id,
        });
      }
    });
    if (changed) this.deps.events.emit('state:changed', { reason: 'deployments' });
    if (entries.length === 0) return plan;

    const apple = await this.deps.apple();
    const sent: Array<{ id: string; eventId: string }> = [];
    for (const entry of entries) {
      const eventId = await this.writes.send(apple, entry);
      if (eventId) sent.push({ id: entry.id, eventId });
    }
    await Promise.all(sent.map((s) => this.writes.finish(apple, s.id, s.eventId)));
    return plan;
  }
}

/**
 * Background resumes give way quietly to another process deploying (its own
 * resume does the work) and to Apple being out of reach (the next one will).
 */
function quietly(work: Promise<void>): Promise<void> {
  return work.catch((err: unknown) => {
    if (
      err instanceof VppError &&
      (err.code === 'SYNC_RUNNING' || err.code === 'APPLE_UNREACHABLE' || err.code === 'OFFLINE')
    )
      return;
    throw err;
  });
}

function describeRun(action: DeployAction, name: string, plan: DeployPlan): string {
  return action === 'required'
    ? `Required: ${name} for ${count(plan.users, 'user')}: ${plan.willAssign} to assign, ${plan.alreadyAssigned} already assigned, ${plan.pendingTerms} waiting for the terms, ${plan.willFail} will fail.`
    : `Uninstall: ${name} for ${count(plan.users, 'user')}: ${count(plan.willReclaim, 'license')} to reclaim.`;
}
