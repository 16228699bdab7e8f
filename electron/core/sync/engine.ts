/**
 * The sync engine: reads assets, users and assignments from Apple and swaps
 * the new snapshot into the cache in one write. Single-flight within the
 * process (callers join the running sync) and across processes (a lock
 * file); a failed or cancelled sync leaves the cache exactly as it was and
 * records why.
 *
 * This thread answers the window (Electron's main process): the changed
 * users and assignments are built and written as part files by a worker
 * thread (part-writer.ts), and this thread only switches the cache to them.
 */
import { setMaxListeners } from 'node:events';
import { messageOf, VppError } from '../../../shared/errors';
import { Background, Exclusive, count, sourceOfTrigger, redact } from '../base';
import { encodeRow } from '../cache';
import { normaliseAppleDate } from '../token';
import { inNameOrder } from '../views';
import { toServiceInfo } from './convert';
import { mergeEncodedAssignments, mergeEncodedUsers, type PartInput } from './part-job';
import { WorkerPartWriter, type OpenJob, type PartWriter } from './part-writer';
import { ProgressTracker } from './progress';
import { readApple, type ReadResult } from './read';
import type { SyncHistoryEntry, SyncProgress, SyncSummary } from '../../../shared/domain';
import type { Emitter, Clock, ProcessLock } from '../base';
import type { CachedAsset, ServiceInfo, Store } from '../cache';
import type { SyncApple } from './apple-port';

export type SyncTrigger = SyncHistoryEntry['trigger'];

export interface SyncDeps {
  store: Store;
  clock: Clock;
  events: Emitter;
  lock: ProcessLock;
  apple(): Promise<SyncApple>;
  /** After every successful sync (deployments re-evaluate their rows). */
  afterSync?(trigger: SyncTrigger): Promise<void>;
  /** Who builds and writes the changed parts; default a worker thread. */
  parts?: PartWriter;
}

/** Service config changes rarely: re-read it once a day, not every sync. */
const SERVICE_CONFIG_TTL_MS = 24 * 60 * 60 * 1000;
const HISTORY_LIMIT = 200;

/** Incremental passes after one whose changes a deployment's concurrent write displaced. */
const FOLLOW_UP_PASSES = 2;

/** One read of Apple saved; `kept`: a collection written meanwhile kept its rows (and old version). */
interface SyncPass {
  summary: SyncSummary;
  kept: boolean;
}

const IDLE: SyncProgress = { running: false, phase: 'idle', pagesDone: 0, pagesTotal: 0 };

export class SyncEngine {
  private running: Promise<SyncSummary> | null = null;
  private controller: AbortController | null = null;
  private progressValue: SyncProgress = IDLE;

  private readonly exclusive: Exclusive;
  private readonly background = new Background();
  private namesLooking = 0;
  private readonly parts: PartWriter;

  constructor(private readonly deps: SyncDeps) {
    this.parts = deps.parts ?? new WorkerPartWriter();
    this.exclusive = new Exclusive(
      deps.lock,
      deps.clock,
      (holder) =>
        new VppError(
          'SYNC_RUNNING',
          `A sync is already running (started ${holder.since} by another VPP Desk process, pid ${holder.pid}).`,
        ),
    );
  }

  get progress(): SyncProgress {
    return this.progressValue;
  }

  /**
   * Starts the sync's worker thread now, before any sync: starting it loads Node's own modules in that thread
   * (~40 ms of CPU), which at a first sync competed for the cores with the window's thread and the first pages.
   */
  warm(): void {
    this.parts.warm?.();
  }

  /** Starts a sync, or joins the one already running in this process. */
  run(options: { full?: boolean; trigger: SyncTrigger }): Promise<SyncSummary> {
    if (this.running) return this.running;
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.locked(options.full ?? false, options.trigger, controller.signal).finally(() => {
      this.running = null;
      this.controller = null;
      this.report(IDLE);
    });
    return this.running;
  }

  cancel(): void {
    this.controller?.abort(new VppError('SYNC_CANCELLED'));
  }

  private report(progress: SyncProgress): void {
    this.progressValue = progress;
    this.deps.events.emit('sync:progress', progress);
  }

  private async locked(full: boolean, trigger: SyncTrigger, signal: AbortSignal): Promise<SyncSummary> {
    return this.exclusive.run(`sync (${trigger})`, async () => {
      const startedAt = this.deps.clock.now();
      try {
        const summary = await this.sync(full, trigger, startedAt, signal);
        // The new data is saved: a problem re-evaluating deployments is told, not a failed sync.
        await this.deps.afterSync?.(trigger).catch((err: unknown) => this.afterSyncFailed(err));
        return summary;
      } catch (err) {
        await this.recordFailure(trigger, startedAt, err);
        throw err;
      }
    });
  }

  private async sync(full: boolean, trigger: SyncTrigger, startedAt: Date, signal: AbortSignal): Promise<SyncSummary> {
    const { store } = this.deps;
    await store.refresh();
    const data = store.data;
    const hasData = data.sync.lastSyncAt !== null && data.sync.versions.assets !== null;
    const mode: SyncSummary['mode'] = full || !hasData ? 'full' : 'incremental';
    // A full sync's users and assignments go to the worker page by page as they arrive (a million rows
    // held here until the end made the window's process peak above 600 MB). Not for an incremental one:
    // most change nothing, and starting the worker for them costs more than they do.
    const job = mode === 'full' ? (this.parts.open?.(store.snapshotParts().dir) ?? null) : null;
    let pass: SyncPass;
    try {
      pass = await this.syncInto(job, mode, full, trigger, startedAt, signal);
    } finally {
      if (job) this.parts.release?.(job);
    }
    // A deployment or retire that wrote users or assignments while this sync read Apple keeps its rows, and
    // this sync's changes to that collection are dropped (its older view must not replace them). Reading
    // Apple's changes again at once brings both: otherwise a license Apple granted stayed out of the cache
    // (and its row failed) until the next scheduled sync, hours later. Bounded: writes that keep landing
    // leave the rest to that sync.
    // One sync to the admin: a pass replaces the first's history entry (same start, the mode asked for) and
    // writes no activity line of its own.
    for (let again = 1; pass.kept && again <= FOLLOW_UP_PASSES; again++) {
      signal.throwIfAborted();
      await store.refresh();
      pass = await this.syncInto(null, 'incremental', false, trigger, startedAt, signal, mode);
    }
    return pass.summary;
  }

  private async syncInto(
    job: OpenJob | null,
    mode: SyncSummary['mode'],
    full: boolean,
    trigger: SyncTrigger,
    startedAt: Date,
    signal: AbortSignal,
    /** Set on a follow-up pass: the mode of the sync it completes. */
    followUpOf: SyncSummary['mode'] | null = null,
  ): Promise<SyncPass> {
    const { store, clock } = this.deps;
    const data = store.data;
    const apple = await this.deps.apple();
    this.report({ running: true, phase: 'config', pagesDone: 0, pagesTotal: 0 });

    const cached = data.service;
    const needService = !cached || full || clock.now().getTime() - Date.parse(cached.fetchedAt) > SERVICE_CONFIG_TTL_MS;
    // One controller for the parts read side by side: the first failure stops the rest.
    const inner = new AbortController();
    // Three walks, the service and client config calls and any apps read again listen to it: not a leak.
    setMaxListeners(0, inner.signal);
    const onAbort = () => inner.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const progress = new ProgressTracker((p) => this.report(p));
    // The users and assignments parts as this sync found them: a deployment or retire finishing while it
    // reads writes new ones, which this sync's older view must not replace (see the store update below).
    const partsAtStart = { ...store.snapshotParts().parts };
    const guard = <T>(work: Promise<T>): Promise<T> =>
      work.catch((err: unknown) => {
        inner.abort(err);
        throw err;
      });
    let read: ReadResult;
    let service: ServiceInfo | null;
    let tokenExpiry: string | null = null;
    let location: { uId: string; locationName: string | null; countryCode: string | null } | null = null;
    try {
      // A full sync also re-checks the location: the install is bound to one.
      const configCheck =
        mode === 'full'
          ? guard(
              apple.getClientConfig({ signal: inner.signal }).then((config) => {
                const bound = data.account;
                if (bound && config.uId !== bound.uId) throw new VppError('ACCOUNT_MISMATCH');
                tokenExpiry = config.tokenExpirationDate ?? null;
                location = {
                  uId: config.uId,
                  locationName: config.locationName ?? null,
                  countryCode: config.countryISO2ACode ?? null,
                };
              }),
            )
          : Promise.resolve();
      const serviceRead = needService
        ? guard(apple.serviceConfig({ signal: inner.signal })).then((c) => toServiceInfo(c, clock.now()))
        : Promise.resolve(cached);
      [read, service] = await Promise.all([
        guard(
          readApple(
            apple,
            data,
            mode,
            progress,
            inner.signal,
            store.namesAssignmentCounts() ? () => store.assignmentCounts() : null,
            job?.sinks,
            // Something changed, so the worker will write it: it starts while the rest is read (~150 ms).
            () => this.parts.warm?.(),
          ),
        ),
        serviceRead,
        configCheck,
      ]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    const [pagesDone, pagesTotal] = progress.totals();

    this.report({ running: true, phase: 'saving', pagesDone, pagesTotal });
    signal.throwIfAborted();
    // A collection at the version already cached (or reported unchanged) keeps its part file.
    const before = data.sync.versions;
    const keep = (part: 'assets' | 'users' | 'assignments') =>
      read.unchanged.has(part) || (before[part] !== null && read.versions[part] === before[part]);
    const assets = read.assets ?? (data.assets as CachedAsset[]);
    // Put in the apps view's order while the worker writes (views/app-order.ts): this thread is idle meanwhile.
    const ordered = read.assets && !keep('assets') ? inNameOrder(read.assets, store.data.appNames) : null;
    const inputs = this.partInputs(read, keep);
    const written = await this.parts
      .write(store.snapshotParts().dir, inputs, signal, job)
      .catch(async (err: unknown) => {
        // A change that could not be merged into its cached part (the part lost or spoilt under us)
        // would fail the same way every time: the next sync reads those collections whole.
        const merged = inputs.filter((i) => i.mergeInto !== undefined).map((i) => i.collection);
        if (merged.length > 0 && !signal.aborted)
          await store.update((d) => {
            for (const c of merged) d.sync.versions[c] = null;
          });
        throw err;
      });
    signal.throwIfAborted();
    const inOrder = await ordered;
    const finishedAt = clock.now();
    // An unchanged collection is counted from the cache's manifest, not read.
    const counted = store.counts();
    const summary: SyncSummary = {
      mode: followUpOf ?? mode,
      assets: assets.length,
      users: written.users?.rows ?? counted.users,
      assignments: written.assignments?.rows ?? counted.assignments,
      durationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
    };
    let keptAny = false;
    await store.update(
      (d) => {
        // Changed while this sync read (VPP Desk's own writes, here or in another process): those rows are kept
        // and the collection's version too, so the next pass (sync() runs one at once) reads Apple's changes to
        // it again (and, for assignments, the apps changed here since, whole). `written` is adopted after this
        // function returns.
        const inForce = store.snapshotParts().parts;
        const kept: Array<'users' | 'assignments'> = [];
        for (const c of ['users', 'assignments'] as const) {
          if (written[c] && inForce[c]?.file !== partsAtStart[c]?.file) {
            Reflect.deleteProperty(written, c);
            kept.push(c);
          }
        }
        d.service = service;
        // Assets are set (the store writes them); users and assignments are the worker's parts, adopted below.
        if (inOrder) d.assets = inOrder;
        d.sync.versions = { ...read.versions };
        for (const c of kept) d.sync.versions[c] = data.sync.versions[c];
        keptAny = kept.length > 0;
        d.sync.lastSyncAt = finishedAt.toISOString();
        d.sync.lastAttemptAt = finishedAt.toISOString();
        d.sync.paused = null;
        // A cache rebuilt from the keychain learns its location (and binding) back here.
        if (location && d.token && !d.token.uId) {
          d.token.uId = location.uId;
          d.token.locationName = location.locationName ?? d.token.locationName;
          d.token.countryCode = location.countryCode;
        }
        if (location && !d.account && d.token) {
          d.account = {
            uId: location.uId,
            locationName: d.token.locationName,
            orgName: d.token.orgName,
            boundAt: finishedAt.toISOString(),
          };
        }
        if (d.token && tokenExpiry) {
          const expiry = normaliseAppleDate(tokenExpiry);
          if (expiry) d.token.expiresAt = expiry.toISOString();
        }
        const entry: SyncHistoryEntry = {
          startedAt: startedAt.toISOString(),
          finishedAt: finishedAt.toISOString(),
          ok: true,
          trigger,
          summary,
          error: null,
        };
        const last = d.sync.history.length - 1;
        const first = followUpOf ? d.sync.history[last] : undefined;
        if (first?.ok && first.startedAt === entry.startedAt) d.sync.history[last] = entry;
        else pushHistory(d.sync.history, entry);
        if (followUpOf) return;
        store.log(
          'sync',
          `${mode === 'full' ? 'Full' : 'Incremental'} sync: ${count(summary.assets, 'app')}, ${count(summary.users, 'user')}, ${count(summary.assignments, 'assignment')}.`,
          d,
          { source: sourceOfTrigger(trigger) },
        );
      },
      { snapshot: false, parts: written },
    );
    this.deps.events.emit('state:changed', { reason: 'sync' });
    // App names come from Apple's store lookup, a separate service: the
    // licenses are usable at once (adamIds stand in) and names follow.
    void this.background.track(
      this.fillNames(
        apple,
        assets.map((a) => a.adamId),
        service,
      ),
    );
    return { summary, kept: keptAny };
  }

  /**
   * What the worker writes: each changed collection in full, a users delta
   * merged into the cached users part. Users held only in memory (a cache
   * from before parts) are merged here and written whole.
   */
  private partInputs(read: ReadResult, keep: (part: 'users' | 'assignments') => boolean): PartInput[] {
    const inputs: PartInput[] = [];
    if (read.users && !keep('users')) {
      const inForce = this.deps.store.snapshotParts().parts.users;
      if (!read.users.delta) inputs.push({ collection: 'users', rows: read.users.rows, streamed: read.streamed.users });
      else if (inForce) inputs.push({ collection: 'users', rows: read.users.rows, mergeInto: inForce });
      else {
        const current = this.deps.store.data.users.map((u) => encodeRow('users', u));
        inputs.push({ collection: 'users', rows: mergeEncodedUsers(current, read.users.rows) });
      }
    }
    if (read.assignments && !keep('assignments')) {
      const inForce = this.deps.store.snapshotParts().parts.assignments;
      const merge = read.assignmentsMerge;
      if (!merge)
        inputs.push({ collection: 'assignments', rows: read.assignments, streamed: read.streamed.assignments });
      else if (inForce)
        inputs.push({
          collection: 'assignments',
          rows: read.assignments,
          mergeInto: inForce,
          replaceAdamIds: merge.replaceAdamIds,
        });
      else {
        const dropped = new Set(merge.replaceAdamIds);
        const current = this.deps.store.data.assignments
          .filter((a) => !dropped.has(a.adamId))
          .map((a) => encodeRow('assignments', a));
        inputs.push({ collection: 'assignments', rows: mergeEncodedAssignments(current, read.assignments) });
      }
    }
    return inputs;
  }

  /**
   * Which of `keys` (rowKey) the assignments last synced hold, read in the
   * sync's worker thread; null when no assignments part is in force.
   */
  async holdersOf(keys: readonly string[]): Promise<{ file: string; present: Set<string> } | null> {
    const { dir, parts } = this.deps.store.snapshotParts();
    const part = parts.assignments;
    if (!part) return null;
    return { file: part.file, present: await this.parts.probe(dir, part, keys) };
  }

  /** Resolves when follow-up work (name lookups) is done; the CLI waits for it before exiting. */
  idle(): Promise<void> {
    return this.background.idle();
  }

  /** App names being looked up at Apple's store service right now: the CLI says so while it waits for them. */
  namesPending(): number {
    return this.namesLooking;
  }

  private async fillNames(apple: SyncApple, adamIds: string[], service: ServiceInfo | null): Promise<void> {
    const lookupUrl = service?.contentMetadataLookupUrl;
    const known = this.deps.store.data.appNames;
    const missing = [...new Set(adamIds)].filter((id) => !(id in known));
    if (missing.length === 0 || !lookupUrl) return;
    this.namesLooking += missing.length;
    let names: Map<string, string>;
    try {
      names = await apple.lookupNames(missing, { lookupUrl });
    } catch {
      // Names are a nicety: the adamId stands in, and the next sync retries.
      return;
    } finally {
      this.namesLooking -= missing.length;
    }
    if (names.size === 0) return;
    // The apps are not put in order by their new names here: a new assets part with the same counts would
    // make the next sync read the license history again (insight/service.ts). The next sync that reads the
    // apps puts them in order.
    await this.deps.store.update((d) => {
      Object.assign(d.appNames, Object.fromEntries(names));
    });
    this.deps.events.emit('state:changed', { reason: 'sync' });
  }

  private async afterSyncFailed(err: unknown): Promise<void> {
    const { store } = this.deps;
    const message = redact(messageOf(err));
    await store.update((d) =>
      store.log('failure', `Waiting deployments could not be re-evaluated after the sync: ${message}`, d),
    );
  }

  private async recordFailure(trigger: SyncTrigger, startedAt: Date, err: unknown): Promise<void> {
    const { store, clock } = this.deps;
    const message = redact(messageOf(err));
    if (err instanceof VppError && err.code === 'SYNC_RUNNING') return;
    await store.update((d) => {
      d.sync.lastAttemptAt = clock.now().toISOString();
      pushHistory(d.sync.history, {
        startedAt: startedAt.toISOString(),
        finishedAt: clock.now().toISOString(),
        ok: false,
        trigger,
        summary: null,
        error: message,
      });
      store.log('sync-failed', `Sync failed: ${message}`, d, { source: sourceOfTrigger(trigger) });
    });
    this.deps.events.emit('notify', { title: 'VPP Desk sync failed', body: message });
  }
}

function pushHistory(history: SyncHistoryEntry[], entry: SyncHistoryEntry): void {
  history.push(entry);
  if (history.length > HISTORY_LIMIT) history.splice(0, history.length - HISTORY_LIMIT);
}
