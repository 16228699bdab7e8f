/**
 * Composition root: builds every core service once, with its dependencies
 * passed in, and exposes them as the contract's handlers. Electron IPC, the
 * CLI and the preview host all call createCore and nothing deeper.
 */
import { randomUUID } from 'node:crypto';
import { ERROR_MESSAGES, messageOf, VppError } from '../../../shared/errors';
import { AppleClient, RateBudgets, loadNetwork, type WireFetch } from '../apple';
import { systemClock, type Clock } from '../base';
import { Emitter, ProcessLock, count, osUser, sourceOfTrigger } from '../base';
import { Store, loadInstallId, saveInstallId, type PartKind } from '../cache';
import { Deployments, HolderActions } from '../deploy';
import { HistoryFile, Insight } from '../insight';
import { Probe, Connectivity } from '../net';
import { SyncEngine, type SyncApple } from '../sync';
import { Scheduler } from '../sync';
import { KeytarVault, type Vault } from '../token';
import { TokenService } from '../token';
import { Holders, Queries, exportCsv } from '../views';
import type { ActivitySource } from '../../../shared/domain';
import type { DeployApple } from '../deploy';
import type { CoreConfig } from './config';
import type { Core, Handlers, TrayState } from './handlers';

export interface CoreOptions {
  config: CoreConfig;
  transport: 'electron' | 'preview' | 'cli';
  /** Defaults to the OS keychain (keytar) under config.keychainService. */
  vault?: Vault;
  clock?: Clock;
  version?: string;
  demo?: boolean;
  /** How long the window waits for Apple's events before returning (they finish in the background). */
  deployWaitMs?: number;
  /** First wait between event polls (tests shorten it). */
  pollIntervalMs?: number;
  /** How long a write whose answer was lost may still be applied by Apple before it is sent again (tests shorten it). */
  settleMs?: number;
  /**
   * Who the activity log says acted in this process: the window (Electron,
   * or the preview host, which the CLI runs) or the command line. Defaults
   * from transport.
   */
  source?: 'window' | 'cli';
  /** Client-side request rate towards Apple; Apple documents about 15 a second per token. */
  requestsPerSecond?: number;
  /**
   * Load the HTTP stack and start the sync's worker while starting rather
   * than at the first sync. Defaults to true for hosts that answer a window
   * (a load mid-sync held its event loop ~120 ms; the worker's start competed
   * with it for the cores) and false for the CLI, whose cache-only commands
   * never talk to Apple.
   */
  warmEarly?: boolean;
  /**
   * What every request to Apple goes through; by default the client's own
   * (undici's request with a connect timeout). The chaos test wraps that one
   * to stop a "killed" core at its next request.
   */
  fetch?: WireFetch;
}

export const PRODUCT_NAME = 'VPP Desk';

export async function createCore(options: CoreOptions): Promise<Core> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const version = options.version ?? '0.0.0';
  const vault = options.vault ?? new KeytarVault(config.keychainService);
  const store = await Store.open(config.dataDir, clock);
  const warmEarly = options.warmEarly ?? options.transport !== 'cli';
  if (warmEarly) await loadNetwork();
  // A lost install id is never silently replaced while a token is installed
  // (cache/install-id.ts): that would make VPP Desk read its own claim on the
  // token as another product's and pause for good. Instead calls with the
  // installed token are refused with a sentence saying to upload the token
  // again and confirm the take-over; that upload claims with a new id, which
  // is kept only once the upload succeeded.
  let installId = await loadInstallId(config.dataDir, {
    tokenInstalled: async () => {
      if (store.data.token) return true;
      try {
        return (await vault.get()) !== null;
      } catch {
        return true;
      }
    },
    report: (message) => store.notices.push({ kind: 'corrupt-cache', message }),
  });
  const newInstallId = randomUUID();
  if (installId === null) store.notices.push({ kind: 'corrupt-cache', message: ERROR_MESSAGES.INSTALL_ID_LOST });
  const events = new Emitter();
  const queries = new Queries(store);
  const source: ActivitySource = options.source ?? (options.transport === 'cli' ? 'cli' : 'window');
  store.activityDefaults = { source, actor: osUser() };
  const changed = (reason: 'token' | 'sync' | 'deployments' | 'connectivity') =>
    events.emit('state:changed', { reason });
  const connectivity = new Connectivity(() => changed('connectivity'));
  // Built once: every client for one token (sync, deploy, token checks) shares its rate budget.
  const budgets = new RateBudgets(
    clock,
    options.requestsPerSecond !== undefined ? { apiPerSecond: options.requestsPerSecond } : {},
  );
  // Every client (installed token, token being uploaded, the probe) sends the same way.
  const send = options.fetch ? { fetch: options.fetch } : {};

  // The installed token's client watches for token problems and take-overs;
  // a candidate being uploaded must not touch the installed token's state.
  // One keychain read per operation, not per request: keychains may prompt,
  // and concurrent reads through libsecret are not reliable.
  const installedClient = (secret: string) =>
    new AppleClient({
      baseUrl: config.apiUrl,
      token: async () => secret,
      clock,
      ...send,
      expectedMdmId: installId ?? newInstallId,
      budget: budgets.forToken(secret),
      hooks: {
        onTokenProblem: (state) => void tokens.markState(state),
        onMdmChanged: (info) => void takenOver(info.name),
      },
    });
  const installedApple = async (): Promise<AppleClient> => {
    const secret = await tokens.secret();
    if (installId === null) throw new VppError('INSTALL_ID_LOST');
    // Calls to Apple stay stopped while another product holds the token.
    if (store.data.sync.paused && store.data.token?.appleState === 'valid')
      throw new VppError('MDM_CHANGED', store.data.sync.paused);
    return installedClient(secret);
  };

  const tokens = new TokenService({
    store,
    vault,
    clock,
    ourMdmInfo: {
      get id() {
        return installId ?? newInstallId;
      },
      name: PRODUCT_NAME,
      metadata: version,
    },
    appleFor: (content) =>
      new AppleClient({
        baseUrl: config.apiUrl,
        token: async () => content,
        clock,
        budget: budgets.forToken(content),
        ...send,
      }),
    onChanged: () => changed('token'),
  });

  await tokens.recoverFromKeychain();

  const takenOver = async (name: string) => {
    await store.update((d) => {
      d.sync.paused = `Another product ("${name}") has taken over this VPP token. Generate a new token in Apple Business Manager and upload it here.`;
      store.log('token-state', d.sync.paused, d);
    });
    events.emit('notify', {
      title: 'VPP token taken over',
      body: `Another product ("${name}") now manages this VPP token. VPP Desk stopped talking to Apple.`,
    });
    changed('token');
  };

  const deployments = new Deployments({
    store,
    clock,
    events,
    queries,
    connectivity,
    lock: new ProcessLock(config.dataDir, 'deploy'),
    apple: async (): Promise<DeployApple> => installedApple(),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
    // The sync engine is made below; this runs only after a sync.
    holdersOf: (keys) => sync.holdersOf(keys),
  });
  const holders = new Holders(store, queries);
  const holderActions = new HolderActions({
    store,
    clock,
    queries,
    connectivity,
    deployments,
    apple: async (): Promise<DeployApple> => installedApple(),
  });
  /** A write the holders views start: fresh cache first, connectivity recorded. */
  const holderWrite =
    <R, T>(fn: (req: R) => Promise<T>) =>
    async (req: R): Promise<T> => {
      await readAhead(BOTH());
      return connectivity.track(() => fn(req));
    };
  const insight = new Insight({ store, clock, events, queries, history: new HistoryFile(config.dataDir, clock) });
  const sync = new SyncEngine({
    store,
    clock,
    events,
    lock: new ProcessLock(config.dataDir, 'sync'),
    apple: async (): Promise<SyncApple> => installedApple(),
    afterSync: async (trigger) => {
      // Insight first: its history and alerts must not wait on (or fail with) re-evaluation.
      await insight
        .afterSync(sourceOfTrigger(trigger))
        .catch((err: unknown) =>
          store.update((d) => store.log('failure', `License history could not be recorded: ${messageOf(err)}`, d)),
        );
      // Rows set to what the sync read from Apple, judged against when it started.
      const startedAt = store.data.sync.history.at(-1)?.startedAt;
      if (startedAt) await deployments.afterSync(sourceOfTrigger(trigger), startedAt);
      else await deployments.reevaluate(sourceOfTrigger(trigger));
      await insight.checkAlerts(sourceOfTrigger(trigger));
    },
  });
  if (warmEarly) sync.warm();
  const scheduler = new Scheduler({
    store,
    clock,
    // A scheduled sync that cannot reach Apple shows Offline at once, like one started by hand.
    sync: { run: (o) => connectivity.track(() => sync.run(o)) },
    events,
    canSync: () => tokens.status().state !== 'none',
  });
  const probe = new Probe({ apiUrl: config.apiUrl, clock, connectivity, ...send });
  const deployWaitMs = options.deployWaitMs ?? (options.transport === 'cli' ? Number.POSITIVE_INFINITY : 10_000);

  const syncStatus = () => ({
    progress: sync.progress,
    lastSyncAt: store.data.sync.lastSyncAt,
    nextSyncAt: scheduler.nextSyncAt(),
    intervalHours: store.data.sync.intervalHours,
    paused: store.data.sync.paused,
    history: store.data.sync.history.slice(-50).reverse(),
  });

  /** Picks up what another process wrote, then reads `parts` and indexes the users without holding the event loop. */
  const readAhead = async (parts: readonly PartKind[] | (() => readonly PartKind[])): Promise<void> => {
    await store.refresh();
    // Chosen from the cache as it is now, when the choice depends on it (the report, with a roster or not).
    if (typeof parts === 'function') parts = parts();
    await store.readCollections(parts);
    if (parts.includes('users')) await queries.indexUsers();
  };
  /**
   * Every read first picks up what another process (CLI, tray) wrote, then reads the large collections it
   * uses (`parts`) without holding the event loop: read on first use instead, 200,000 assignments held the
   * window's thread ~0.8 s, a million several seconds.
   */
  const read =
    <R, T>(fn: (req: R) => T | Promise<T>, parts: (req: R) => readonly PartKind[] = () => []) =>
    async (req: R): Promise<T> => {
      await readAhead(() => parts(req));
      return fn(req);
    };
  // The apps come with either: most views name them (10,834 at a million assignments). The apps list counts
  // VPP Desk's deployment rows per app (from their part's counts when it has them: Store.deploymentCounts), and
  // every view of deployments and holders reads them.
  const APPS = (): readonly PartKind[] => (store.deploymentCounts() ? ['assets'] : ['assets', 'deployments']);
  const USERS = () => ['assets', 'users'] as const;
  const DEPLOYMENTS = () => ['assets', 'users', 'deployments'] as const;
  const ASSIGNMENTS = () => ['assets', 'assignments'] as const;
  const BOTH = () => ['assets', 'users', 'assignments', 'deployments'] as const;
  /** Reads both collections ahead, then indexes who holds what a slice at a time (views/holders.ts). */
  const held = <R, T>(fn: (req: R) => T | Promise<T>) =>
    read(async (req: R) => {
      await holders.indexAhead();
      return fn(req);
    }, BOTH);

  const handlers: Handlers = {
    'app:info': read(() => ({
      version,
      transport: options.transport === 'electron' ? ('electron' as const) : ('preview' as const),
      demo: options.demo ?? false,
      online: connectivity.online,
      dataAsOf: store.data.sync.lastSyncAt,
      notices: store.notices.map((n) => n.message),
    })),
    'token:status': read(() => tokens.status()),
    'token:import': async (req) => {
      const status = await connectivity.track(() => tokens.import(req));
      if (installId === null) {
        await saveInstallId(config.dataDir, newInstallId);
        installId = newInstallId;
      }
      return status;
    },
    'token:remove': () => tokens.remove(),
    'sync:now': (req) =>
      connectivity.track(() =>
        sync.run({ full: req.full, trigger: source === 'cli' ? 'cli' : req.from === 'tray' ? 'tray' : 'manual' }),
      ),
    'sync:status': read(() => syncStatus()),
    'sync:schedule': async (req) => {
      await store.update((d) => {
        d.sync.intervalHours = req.intervalHours;
        store.log('sync', `Scheduled sync set to every ${count(req.intervalHours, 'hour')}.`, d);
      });
      changed('sync');
      return syncStatus();
    },
    'apps:query': read((req) => queries.queryApps(req), APPS),
    'users:query': read((req) => queries.queryUsers(req), USERS),
    'assignments:query': read((req) => queries.queryAssignments(req), ASSIGNMENTS),
    'deploy:plan': read(async (req) => {
      await queries.appHolders.index(req.adamId, req.pricingParam);
      return deployments.plan(req);
    }, BOTH),
    'deploy:run': async (req) => {
      await readAhead(BOTH());
      await queries.appHolders.index(req.adamId, req.pricingParam);
      const outcome = await connectivity.track(() => deployments.deploy(req, deployWaitMs, source));
      await insight.checkAlerts(source);
      return outcome;
    },
    'deployments:query': read((req) => queries.queryDeployments(req), DEPLOYMENTS),
    'deployments:retry': async (req) => {
      await readAhead(BOTH());
      const outcome = await connectivity.track(() => deployments.retry(req.rows, deployWaitMs, source));
      await insight.checkAlerts(source);
      return outcome;
    },
    'activity:query': read((req) => queries.queryActivity(req)),
    'export:csv': read(
      (req) => exportCsv(req, queries, clock),
      (req) =>
        req.what === 'deployments' ? DEPLOYMENTS() : req.what === 'users' ? USERS() : req.what === 'apps' ? APPS() : [],
    ),
    'holders:query': held((req) => holders.queryHolders(req)),
    'holdings:get': held((req) => holders.holdings(req)),
    'devices:query': held((req) => holders.queryDevices(req)),
    'deploy:serials-plan': read((req) => holderActions.planSerials(req), BOTH),
    'deploy:serials-run': holderWrite((req) => holderActions.deploySerials(req)),
    'revoke:plan': read((req) => holderActions.planRevoke(req), BOTH),
    'revoke:run': holderWrite((req) => holderActions.revoke(req)),
    'retire:plan': read((req) => holderActions.planRetire(req), BOTH),
    'retire:run': holderWrite((req) => holderActions.retire(req)),
    'roster:load': async (req) => {
      const summary = await holderActions.loadRoster(req);
      changed('deployments');
      return summary;
    },
    'roster:get': read(() => holderActions.roster()),
    'reclaim:report': read((req) => holderActions.report(req), BOTH),
    'reclaim:plan': read((req) => holderActions.planReclaim(req), BOTH),
    'reclaim:run': holderWrite((req) => holderActions.reclaim(req)),
    'holders:csv': held((req) => holders.exportCsv(req, clock.now().toISOString().slice(0, 10))),
    'insight:alerts': () => insight.alerts(),
    'insight:rule': async (req) => {
      const settings = await insight.setRule(req, source);
      changed('sync');
      return settings;
    },
    'insight:history': (req) => insight.history(req),
    'insight:app': (req) => insight.app(req.adamId, req.pricingParam),
    'insight:overview': () => insight.overview(),
    // With a roster, the report names the holders outside it: every assignment, and the users by id.
    'insight:report': read(
      () => insight.report(),
      () => (store.data.roster ? BOTH() : APPS()),
    ),
  };

  const trayState = async (): Promise<TrayState> => {
    const status = tokens.status();
    // A tray without alerts still shows sync and token facts.
    const lowStock = await insight.alerts().then(
      (r) => r.alerts.map((a) => a.name),
      () => [],
    );
    return {
      tokenState: status.state,
      tokenDaysLeft: status.daysLeft,
      lastSyncAt: status.lastSyncAt,
      nextSyncAt: scheduler.nextSyncAt(),
      progress: sync.progress,
      lowStock,
    };
  };

  return {
    handlers,
    events,
    trayState,
    namesPending: () => sync.namesPending(),
    start: async () => {
      // The CLI runs one command and leaves; long-lived hosts schedule and
      // finish what a crash interrupted.
      if (options.transport === 'cli') return;
      scheduler.start();
      probe.start();
      if (tokens.status().state !== 'none') void deployments.resume().catch(() => undefined);
    },
    stop: async () => {
      scheduler.stop();
      probe.stop();
      sync.cancel();
      if (options.transport === 'cli') await Promise.all([deployments.idle(), sync.idle()]);
      await store.flush();
    },
  };
}
