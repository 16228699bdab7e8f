/**
 * Composition root: builds every core service once, with its dependencies
 * passed in, and exposes them as the contract's handlers. Electron IPC, the
 * CLI and the preview host all call createCore and nothing deeper.
 */
import type { ResultOf } from '../../shared/contract';
import type { DeploymentRow } from '../../shared/domain';
import { AppleClient } from './apple';
import type { CoreConfig } from './config';
import { systemClock, type Clock } from './clock';
import { toCsv } from './csv';
import { Emitter } from './emitter';
import type { Core, Handlers, TrayState } from './handlers';
import { loadInstallId } from './install-id';
import { Connectivity } from './connectivity';
import { ProcessLock } from './process-lock';
import { Queries } from './queries';
import { Scheduler } from './scheduler';
import { SyncEngine, type SyncApple } from './sync';
import { Store } from './store';
import { TokenService, type ClientConfigApi } from './token-service';
import { KeytarVault, type Vault } from './vault';

export interface CoreOptions {
  config: CoreConfig;
  transport: 'electron' | 'preview' | 'cli';
  /** Defaults to the OS keychain (keytar) under config.keychainService. */
  vault?: Vault;
  clock?: Clock;
  version?: string;
  demo?: boolean;
}

export const PRODUCT_NAME = 'VPP Desk';

export async function createCore(options: CoreOptions): Promise<Core> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const version = options.version ?? '0.0.0';
  const vault = options.vault ?? new KeytarVault(config.keychainService);
  const store = await Store.open(config.dataDir, clock);
  const installId = await loadInstallId(config.dataDir);
  const events = new Emitter();
  const queries = new Queries(store);
  const ourMdmInfo = { id: installId, name: PRODUCT_NAME, metadata: version };

  const changed = (reason: 'token' | 'sync' | 'deployments' | 'connectivity') => events.emit('state:changed', { reason });

  const connectivity = new Connectivity(() => changed('connectivity'));
  // The installed token's client watches for token problems and take-overs;
  // a candidate being uploaded must not touch the installed token's state.
  const appleFor = (token: () => Promise<string>, expectedMdmId?: string) =>
    new AppleClient({
      baseUrl: config.apiUrl,
      token,
      clock,
      ...(expectedMdmId
        ? {
            expectedMdmId,
            hooks: {
              onTokenProblem: (state: 'expired' | 'revoked' | 'invalid') => void tokens.markState(state),
              onMdmChanged: (info: { name: string }) => void mdmChanged(info.name),
            },
          }
        : {}),
    });

  const mdmChanged = async (name: string) => {
    await store.update((d) => {
      d.sync.paused = `Another product ("${name}") has taken over this VPP token. Generate a new token for VPP Desk.`;
      store.log('token-state', d.sync.paused, d);
    });
    events.emit('notify', { title: 'VPP token taken over', body: `Another product ("${name}") now manages this VPP token. VPP Desk stopped talking to Apple.` });
    changed('token');
  };

  const tokens = new TokenService({
    store,
    vault,
    clock,
    ourMdmInfo,
    appleFor: (content) => appleFor(async () => content) as ClientConfigApi,
    onChanged: () => changed('token'),
  });

  const appleForSync = async (): Promise<SyncApple> => {
    await tokens.secret();
    return appleFor(() => tokens.secret(), installId) as SyncApple;
  };
  const sync = new SyncEngine({ store, clock, events, lock: new ProcessLock(config.dataDir, 'sync'), apple: appleForSync });
  const scheduler = new Scheduler({ store, clock, sync, events, canSync: () => tokens.status().state !== 'none' });
  const runSync = (full: boolean, trigger: 'manual' | 'cli' | 'schedule') => connectivity.track(() => sync.run({ full, trigger }));

  const fresh = async () => {
    await store.refresh();
  };

  const handlers: Handlers = {
    'app:info': async () => {
      await fresh();
      return {
        version,
        transport: options.transport === 'electron' ? 'electron' : 'preview',
        demo: options.demo ?? false,
        online: connectivity.online,
        dataAsOf: store.data.sync.lastSyncAt,
        notices: store.notices.map((n) => n.message),
      };
    },
    'token:status': async () => {
      await fresh();
      return tokens.status();
    },
    'token:import': (req) => tokens.import(req),
    'token:remove': () => tokens.remove(),
    'sync:now': (req) => runSync(req.full, options.transport === 'cli' ? 'cli' : 'manual'),
    'sync:status': async () => {
      await fresh();
      const s = store.data.sync;
      return {
        progress: sync.progress,
        lastSyncAt: s.lastSyncAt,
        nextSyncAt: scheduler.nextSyncAt(),
        intervalHours: s.intervalHours,
        paused: s.paused,
        history: s.history.slice(-50),
      };
    },
    'apps:query': async (req) => (await fresh(), queries.queryApps(req)),
    'users:query': async (req) => (await fresh(), queries.queryUsers(req)),
    'assignments:query': async (req) => (await fresh(), queries.queryAssignments(req)),
    'deploy:plan': async () => {
      throw new Error('deploy: not yet');
    },
    'deploy:run': async () => {
      throw new Error('deploy: not yet');
    },
    'deployments:query': async (req) => (await fresh(), queries.queryDeployments(req)),
    'deployments:retry': async () => {
      throw new Error('deploy: not yet');
    },
    'activity:query': async (req) => (await fresh(), queries.queryActivity(req)),
    'export:csv': async (req) => {
      await fresh();
      return exportCsv(req.what, queries, req.query ?? {});
    },
  };

  const trayState = async (): Promise<TrayState> => {
    const status = tokens.status();
    return {
      tokenState: status.state,
      tokenDaysLeft: status.daysLeft,
      lastSyncAt: status.lastSyncAt,
      nextSyncAt: scheduler.nextSyncAt(),
      progress: sync.progress,
    };
  };

  return {
    handlers,
    events,
    trayState,
    start: async () => {
      // The CLI runs one command and leaves; only long-lived hosts schedule.
      if (options.transport !== 'cli') scheduler.start();
    },
    stop: async () => {
      scheduler.stop();
      sync.cancel();
      await store.flush();
    },
  };
}

const DEPLOYMENT_COLUMNS: Array<keyof DeploymentRow & string> = [
  'adamId',
  'pricingParam',
  'appName',
  'clientUserId',
  'email',
  'action',
  'state',
  'termsStatus',
  'reason',
  'updatedAt',
];

function exportCsv(what: 'deployments' | 'activity' | 'apps' | 'users', queries: Queries, query: object): ResultOf<'export:csv'> {
  const all = { offset: 0, limit: 5000, search: '', sortDir: 'asc' as const, ...query };
  const stamp = new Date().toISOString().slice(0, 10);
  switch (what) {
    case 'deployments':
      return { fileName: `vpp-deployments-${stamp}.csv`, csv: toCsv(queries.allDeployments(all), DEPLOYMENT_COLUMNS) };
    case 'activity':
      return { fileName: `vpp-activity-${stamp}.csv`, csv: toCsv(queries.activity.all(-2, { ...all, sortBy: 'at', sortDir: 'desc' }), ['at', 'kind', 'message']) };
    default:
      return { fileName: `vpp-${what}-${stamp}.csv`, csv: '' };
  }
}
