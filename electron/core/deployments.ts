/**
 * Deployments: Required uses one license per user, Uninstall gives it back.
 * Rows and journal entries are written before anything is sent to Apple;
 * events are polled to the end; a crash is finished by resume(). One
 * deployment at a time per data folder (in-process queue + lock file).
 */
import type { ParsedRequestOf } from '../../shared/contract';
import type { DeployAction, PricingParam } from '../../shared/domain';
import { VppError } from '../../shared/errors';
import { AppleUnreachableError, isAppleError } from './apple/errors';
import type { FinishedEvent } from './apple/events';
import type { CacheData, CachedAsset, CachedDeployment, JournalEntry } from './cache-schema';
import type { Clock } from './clock';
import type { Connectivity } from './connectivity';
import { applyEvent, applyOutcome, indexRows, rowKey } from './deploy-apply';
import type { DeployApple } from './deploy-apple';
import type { Emitter } from './emitter';
import { newEntry, openEntries, trimJournal } from './journal';
import { planLicenses, REASONS, waitingRows, type LicensePlan, type UserDecision } from './licenses';
import type { ProcessLock } from './process-lock';
import { appKey, type Queries } from './queries';
import type { Store } from './store';
import { DEFAULT_LIMITS } from './sync-convert';
import { termsStatusOf } from './terms';
import { count, KIND_WORDS } from './words';
import type { DeployOutcome, DeployPlan } from '../../shared/contract';

export interface DeploymentDeps {
  store: Store;
  clock: Clock;
  events: Emitter;
  queries: Queries;
  connectivity: Connectivity;
  lock: ProcessLock;
  apple(): Promise<DeployApple>;
  pollIntervalMs?: number;
}

type Request = ParsedRequestOf<'deploy:run'>;

/** Apple's "EventId could not be found". */
const UNKNOWN_EVENT = 9708;

const STATE_FOR: Record<UserDecision, CachedDeployment['state']> = {
  assign: 'assigning',
  'already-assigned': 'assigned',
  'in-flight': 'assigning',
  register: 'pending-terms',
  'pending-terms': 'pending-terms',
  'no-licenses': 'failed',
  retired: 'failed',
  reclaim: 'reclaiming',
  'nothing-to-reclaim': 'reclaimed',
};

const REASON_FOR: Partial<Record<UserDecision, string>> = {
  register: REASONS.register,
  'pending-terms': REASONS['pending-terms'],
  'no-licenses': REASONS['no-licenses'],
  retired: REASONS.retired,
  'nothing-to-reclaim': REASONS['nothing-to-reclaim'],
};

export class Deployments {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inProgress = new Set<Promise<unknown>>();

  constructor(private readonly deps: DeploymentDeps) {}

  findAsset(adamId: string, pricingParam?: PricingParam): CachedAsset {
    const matches = this.deps.store.data.assets.filter((a) => a.adamId === adamId && (!pricingParam || a.pricingParam === pricingParam));
    if (matches.length === 0) throw new VppError('UNKNOWN_APP', `App ${adamId}${pricingParam ? ` (${pricingParam})` : ''} is not among your volume-purchased apps. Sync, or check the id.`);
    if (matches.length > 1) throw new VppError('VALIDATION', `App ${adamId} was bought with both STDQ and PLUS pricing: choose one (--pricing).`);
    return matches[0] as CachedAsset;
  }

  private licensePlan(asset: CachedAsset, action: DeployAction, clientUserIds: readonly string[]): LicensePlan {
    const data = this.deps.store.data;
    const key = appKey(asset.adamId, asset.pricingParam);
    const assigned = new Set<string>();
    for (const a of data.assignments) if (a.clientUserId && a.adamId === asset.adamId && a.pricingParam === asset.pricingParam) assigned.add(a.clientUserId);
    const inFlight = new Set<string>();
    for (const d of data.deployments) {
      if (d.state === 'assigning' && d.journalId && appKey(d.adamId, d.pricingParam) === key) inFlight.add(d.clientUserId);
    }
    return planLicenses({ asset, action, clientUserIds, users: this.deps.queries.userIndex(), assigned, inFlight });
  }

  plan(req: Request): DeployPlan {
    const asset = this.findAsset(req.adamId, req.pricingParam);
    const ids = unique(req.clientUserIds);
    const { counts, licensesAvailable } = this.licensePlan(asset, req.action, ids);
    return {
      adamId: asset.adamId,
      pricingParam: asset.pricingParam,
      appName: this.deps.queries.appName(asset.adamId),
      action: req.action,
      users: ids.length,
      licensesNeeded: req.action === 'required' ? counts.assign + counts['no-licenses'] + counts['pending-terms'] + counts.register : 0,
      licensesAvailable,
      willAssign: counts.assign,
      alreadyAssigned: counts['already-assigned'] + counts['in-flight'],
      pendingTerms: counts['pending-terms'] + counts.register,
      toRegister: counts.register,
      willFail: counts['no-licenses'] + counts.retired,
      willReclaim: counts.reclaim,
    };
  }

  /** Plans, records and sends; resolves once Apple finished or after waitMs, whichever first. */
  async deploy(req: Request, waitMs = Number.POSITIVE_INFINITY): Promise<DeployOutcome> {
    this.findAsset(req.adamId, req.pricingParam);
    this.deps.connectivity.require();
    const done = this.exclusive(async () => {
      await this.resumeLocked();
      return this.execute(req, null);
    });
    const finished = await this.bounded(done, waitMs);
    const asset = this.findAsset(req.adamId, req.pricingParam);
    const plan = finished ?? this.plan(req);
    const rows = indexRows(this.deps.store.data as CacheData);
    const users = this.deps.queries.userIndex();
    const out = unique(req.clientUserIds)
      .map((id) => rows.get(rowKey(asset.adamId, asset.pricingParam, id)))
      .filter((r): r is CachedDeployment => r !== undefined)
      .map((r) => this.deps.queries.deploymentRow(r, users));
    return { plan, rows: out };
  }

  /** Retries failed rows: each (app, user) deployed again with its action. */
  async retry(rows: ParsedRequestOf<'deployments:retry'>['rows'], waitMs?: number): Promise<DeployOutcome> {
    const groups = new Map<string, { adamId: string; pricingParam: PricingParam; action: DeployAction; ids: string[] }>();
    const index = indexRows(this.deps.store.data as CacheData);
    const users = this.deps.queries.userIndex();
    for (const r of rows) {
      // A retired user cannot get a license, so a retry cannot help them.
      if (termsStatusOf(users.get(r.clientUserId)) === 'retired') continue;
      const row = index.get(rowKey(r.adamId, r.pricingParam, r.clientUserId));
      const action = row?.action ?? 'required';
      const key = `${appKey(r.adamId, r.pricingParam)}|${action}`;
      const group = groups.get(key) ?? { adamId: r.adamId, pricingParam: r.pricingParam, action, ids: [] };
      group.ids.push(r.clientUserId);
      groups.set(key, group);
    }
    let last: DeployOutcome | null = null;
    const all: DeployOutcome['rows'] = [];
    for (const g of groups.values()) {
      last = await this.deploy({ adamId: g.adamId, pricingParam: g.pricingParam, action: g.action, clientUserIds: g.ids }, waitMs);
      all.push(...last.rows);
    }
    if (!last) throw new VppError('VALIDATION', 'Nothing to retry: these users are retired in Apple Business Manager and cannot receive licenses.');
    return { plan: last.plan, rows: all };
  }

  /** Finishes writes a crash left behind, then re-evaluates waiting rows. */
  resume(): Promise<void> {
    if (openEntries(this.deps.store.data).length === 0 && waitingRows(this.deps.store.data.deployments).length === 0) return Promise.resolve();
    return this.exclusive(() => this.resumeLocked()).catch((err: unknown) => {
      if (err instanceof VppError && (err.code === 'SYNC_RUNNING' || err.code === 'APPLE_UNREACHABLE' || err.code === 'OFFLINE')) return;
      throw err;
    });
  }

  /** Waits for every background completion (the CLI waits before exiting). */
  async idle(): Promise<void> {
    while (this.inProgress.size > 0) await Promise.allSettled([...this.inProgress]);
  }

  private async bounded<T>(work: Promise<T>, waitMs: number): Promise<T | null> {
    this.inProgress.add(work);
    void work.finally(() => this.inProgress.delete(work)).catch(() => undefined);
    if (!Number.isFinite(waitMs)) return work;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const got = await this.deps.lock.acquire('deploy', this.deps.clock.now());
      if ('heldBy' in got) {
        throw new VppError('SYNC_RUNNING', `Another VPP Desk process (pid ${got.heldBy.pid}) is sending deployments; try again in a moment.`);
      }
      try {
        return await work();
      } finally {
        await got.release();
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async resumeLocked(): Promise<void> {
    const { store } = this.deps;
    await store.refresh();
    const open = openEntries(store.data);
    if (open.length > 0) {
      const apple = await this.deps.apple();
      for (const entry of open) {
        if (entry.status === 'sent' && entry.eventId) await this.finish(apple, entry.id, entry.eventId);
        else await this.reconcile(apple, entry);
      }
    }
    await this.reevaluateLocked();
  }

  /** Re-evaluation after a sync: waiting Required rows, oldest first, get licenses when they can. */
  reevaluate(): Promise<void> {
    return this.resume();
  }

  private async reevaluateLocked(): Promise<void> {
    const data = this.deps.store.data;
    const waiting = waitingRows(data.deployments);
    const requeued = data.deployments.filter((d) => (d.state === 'assigning' || d.state === 'reclaiming') && d.journalId === null);
    const groups = new Map<string, Request>();
    for (const row of [...requeued, ...waiting]) {
      const key = `${appKey(row.adamId, row.pricingParam)}|${row.action}`;
      const group = groups.get(key) ?? { adamId: row.adamId, pricingParam: row.pricingParam, action: row.action, clientUserIds: [] };
      group.clientUserIds.push(row.clientUserId);
      groups.set(key, group);
    }
    for (const req of groups.values()) {
      if (!data.assets.some((a) => a.adamId === req.adamId && a.pricingParam === req.pricingParam)) continue;
      await this.execute(req, 'keep-created');
    }
  }

  /** Writes rows + journal in one cache write, then sends each entry and applies Apple's answer. */
  private async execute(req: Request, mode: 'keep-created' | null): Promise<DeployPlan> {
    const { store, clock } = this.deps;
    await store.refresh();
    const asset = this.findAsset(req.adamId, req.pricingParam);
    const ids = unique(req.clientUserIds);
    const plan = this.plan({ ...req, clientUserIds: ids });
    const { decisions } = this.licensePlan(asset, req.action, ids);
    const limits = store.data.service?.limits ?? DEFAULT_LIMITS;
    const app = { adamId: asset.adamId, pricingParam: asset.pricingParam };
    const now = clock.now().toISOString();
    const entries: JournalEntry[] = [];

    // Work out every row change first, so a re-evaluation that changes
    // nothing (the common case after a sync) writes nothing.
    const rows = indexRows(store.data as CacheData);
    const previous = new Map([...decisions.keys()].map((id) => [id, rows.get(rowKey(app.adamId, app.pricingParam, id))]));
    const register = ids.filter((id) => decisions.get(id) === 'register' && previous.get(id)?.reason !== REASONS.register);
    const assign = ids.filter((id) => decisions.get(id) === 'assign');
    const reclaim = ids.filter((id) => decisions.get(id) === 'reclaim');
    for (const chunk of chunks(register, limits.maxUsers)) entries.push(newEntry('create-users', app, chunk, now));
    for (const chunk of chunks(assign, limits.maxClientUserIds)) entries.push(newEntry('associate', app, chunk, now));
    for (const chunk of chunks(reclaim, limits.maxClientUserIds)) entries.push(newEntry('disassociate', app, chunk, now));
    const entryOf = new Map<string, string>();
    for (const e of entries) for (const id of e.clientUserIds) entryOf.set(id, e.id);
    const changes: Array<{ id: string; state: CachedDeployment['state']; reason: string | null; journalId: string | null }> = [];
    for (const [id, decision] of decisions) {
      const row = previous.get(id);
      if (decision === 'in-flight' && row) continue;
      const state = STATE_FOR[decision];
      const reason = REASON_FOR[decision] ?? null;
      const journalId = entryOf.get(id) ?? null;
      if (row && row.action === req.action && row.state === state && row.reason === reason && row.journalId === journalId) continue;
      changes.push({ id, state, reason, journalId });
    }
    const changed = changes.length > 0;
    if (!changed && entries.length === 0 && mode !== null) return plan;

    await store.update((data) => {
      const current = indexRows(data);
      for (const { id, state, reason, journalId } of changes) {
        const row = current.get(rowKey(app.adamId, app.pricingParam, id));
        if (row) {
          // A new action starts a new queue position; re-evaluation keeps the old one.
          if (row.action !== req.action) row.createdAt = now;
          Object.assign(row, { action: req.action, state, reason, journalId, updatedAt: now });
        } else {
          data.deployments.push({ ...app, clientUserId: id, action: req.action, state, reason, journalId, createdAt: now, updatedAt: now });
        }
      }
      data.journal.push(...entries);
      trimJournal(data);
      if (mode === null) {
        const name = this.deps.queries.appName(app.adamId);
        store.log(
          'deployment',
          req.action === 'required'
            ? `Required: ${name} for ${count(plan.users, 'user')}: ${plan.willAssign} to assign, ${plan.alreadyAssigned} already assigned, ${plan.pendingTerms} waiting for the terms, ${plan.willFail} will fail.`
            : `Uninstall: ${name} for ${count(plan.users, 'user')}: ${count(plan.willReclaim, 'license')} to reclaim.`,
          data,
        );
      }
    });
    if (changed) this.deps.events.emit('state:changed', { reason: 'deployments' });
    if (entries.length === 0) return plan;

    const apple = await this.deps.apple();
    const sent: Array<{ id: string; eventId: string }> = [];
    for (const entry of entries) {
      const eventId = await this.send(apple, entry);
      if (eventId) sent.push({ id: entry.id, eventId });
    }
    await Promise.all(sent.map((s) => this.finish(apple, s.id, s.eventId)));
    return plan;
  }

  private async send(apple: DeployApple, entry: JournalEntry): Promise<string | null> {
    const { store, clock } = this.deps;
    try {
      const body = { assets: [{ adamId: entry.adamId ?? '', pricingParam: entry.pricingParam ?? 'STDQ' }], clientUserIds: entry.clientUserIds };
      const response =
        entry.kind === 'associate'
          ? await apple.associate(body)
          : entry.kind === 'disassociate'
            ? await apple.disassociate(body)
            : await apple.createUsers(entry.clientUserIds.map((clientUserId) => ({ clientUserId })));
      await store.update((data) => {
        const e = data.journal.find((j) => j.id === entry.id);
        if (e) Object.assign(e, { status: 'sent', eventId: response.eventId, updatedAt: clock.now().toISOString() });
      });
      return response.eventId;
    } catch (err) {
      const message = err instanceof VppError ? err.message : 'Unexpected error.';
      const mayHaveReached = err instanceof AppleUnreachableError ? err.mayHaveReachedApple !== false : false;
      await store.update((data) => {
        const e = data.journal.find((j) => j.id === entry.id);
        if (!e) return;
        e.error = message;
        e.updatedAt = clock.now().toISOString();
        if (mayHaveReached) {
          // Unknown whether Apple applied it: resume() reconciles before resending.
          for (const row of data.deployments) if (row.journalId === e.id) row.reason = REASONS.unconfirmed;
          return;
        }
        e.status = 'failed';
        for (const row of data.deployments) {
          if (row.journalId !== e.id) continue;
          Object.assign(row, { state: 'failed', reason: message, journalId: null, updatedAt: e.updatedAt });
        }
        store.log('failure', `The ${KIND_WORDS[entry.kind]} for ${count(entry.clientUserIds.length, 'user')} failed: ${message}`, data);
      });
      this.deps.events.emit('state:changed', { reason: 'deployments' });
      if (err instanceof VppError && err.code === 'APPLE_UNREACHABLE') this.deps.connectivity.set(false);
      return null;
    }
  }

  private async finish(apple: DeployApple, entryId: string, eventId: string): Promise<void> {
    const { store, clock } = this.deps;
    let event: FinishedEvent;
    try {
      event = await apple.waitForEvent(eventId, { pollIntervalMs: this.deps.pollIntervalMs ?? 1000 });
    } catch (err) {
      // Apple no longer knows the event (9708): find out from the assignments instead.
      const entry = isAppleError(err, UNKNOWN_EVENT) ? store.data.journal.find((j) => j.id === entryId) : undefined;
      if (!entry) throw err;
      return this.reconcile(apple, entry);
    }
    await store.update((data) => {
      const entry = data.journal.find((j) => j.id === entryId);
      if (!entry || entry.status === 'done') return;
      const [ok, failed] = applyEvent(data, entry, event, clock.now().toISOString());
      logOutcome(store, data, entry, ok, failed, this.deps.queries.appName(entry.adamId ?? ''));
    }, { snapshot: true });
    this.deps.events.emit('state:changed', { reason: 'deployments' });
  }

  /** A write whose eventId never arrived: ask Apple what holds now, then requeue the rest. */
  private async reconcile(apple: DeployApple, entry: JournalEntry): Promise<void> {
    const { store, clock } = this.deps;
    let holding = new Set<string>();
    if (entry.kind !== 'create-users' && entry.adamId) {
      const walked = await apple.walkAssignments({ adamId: entry.adamId });
      if (walked.fullResync) return;
      holding = new Set(walked.items.filter((a) => a.pricingParam === entry.pricingParam && a.clientUserId).map((a) => a.clientUserId as string));
    }
    await store.update((data) => {
      const e = data.journal.find((j) => j.id === entry.id);
      if (!e) return;
      const now = clock.now().toISOString();
      const done =
        e.kind === 'associate' ? e.clientUserIds.filter((id) => holding.has(id)) : e.kind === 'disassociate' ? e.clientUserIds.filter((id) => !holding.has(id)) : [];
      applyOutcome(data, e, done, new Map(), now);
      // The rest go back to the planner (journalId cleared, state kept) and
      // are sent again by reevaluate with fresh license counts.
      for (const row of data.deployments) {
        if (row.journalId !== e.id) continue;
        row.journalId = null;
        if (e.kind === 'create-users') row.reason = REASONS['pending-terms'];
      }
      store.log('deployment', `Resumed an interrupted ${KIND_WORDS[e.kind]} for ${count(e.clientUserIds.length, 'user')}: ${done.length} confirmed by Apple.`, data);
    }, { snapshot: true });
  }
}

function logOutcome(store: Store, data: CacheData, entry: JournalEntry, ok: number, failed: number, name: string): void {
  if (entry.kind === 'associate' && ok > 0) store.log('license-assigned', `${count(ok, 'license')} of ${name} assigned.`, data);
  if (entry.kind === 'disassociate' && ok > 0) store.log('license-reclaimed', `${count(ok, 'license')} of ${name} reclaimed.`, data);
  if (entry.kind === 'create-users' && ok > 0) store.log('deployment', `${count(ok, 'user')} invited to the Volume Purchase Program.`, data);
  if (failed > 0) store.log('failure', `${count(failed, 'user')} failed for ${name} (${KIND_WORDS[entry.kind]}).`, data);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
