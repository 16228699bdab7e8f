/**
 * The intent-level API the window sees as `window.vpp`. One factory serves
 * both the Electron preload (over ipcRenderer) and the browser preview host's
 * bridge (over HTTP), so the two can never drift apart. Methods resolve to an
 * Envelope (plain data crosses contextBridge intact; thrown errors would lose
 * their code); renderer/api.ts unwraps it.
 */
import type { Channel, Envelope, EventName, EventPayload, RequestOf, ResultOf } from './contract';

export interface ApiTransport {
  invoke(channel: Channel, request: unknown): Promise<Envelope<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Desktop only (the Electron preload): main renders the report to PDF and asks where to save it. */
  saveReportPdf?(): Promise<Envelope<SavedPdf>>;
}

/** Where the report PDF was written; null when the admin cancelled the save dialog. */
export interface SavedPdf {
  file: string | null;
}

/**
 * Save as PDF is not a contract channel: only Electron has printToPDF. Every
 * transport still gets the method (so window.vpp has the same shape in the
 * app and the preview, and the bridges cannot drift), but one without it
 * answers with this sentence. The renderer does not rely on it: it picks the
 * print dialog from app:info's transport (renderer/lib/print-report.ts).
 */
export const PDF_NOT_HERE: Envelope<never> = {
  ok: false,
  error: {
    code: 'UNSUPPORTED',
    message: 'Save as PDF needs the VPP Desk app. Here, use Print and choose "Save as PDF" as the printer.',
  },
};

export function createVppApi(transport: ApiTransport) {
  const call =
    <C extends Channel>(channel: C) =>
    (request: RequestOf<C>): Promise<Envelope<ResultOf<C>>> =>
      transport.invoke(channel, request) as Promise<Envelope<ResultOf<C>>>;
  const none =
    <C extends Channel>(channel: C) =>
    (): Promise<Envelope<ResultOf<C>>> =>
      transport.invoke(channel, {}) as Promise<Envelope<ResultOf<C>>>;
  const subscribe =
    <E extends EventName>(event: E) =>
    (listener: (payload: EventPayload<E>) => void): (() => void) =>
      transport.on(event, listener);

  return {
    getAppInfo: none('app:info'),
    getTokenStatus: none('token:status'),
    importToken: call('token:import'),
    removeToken: none('token:remove'),
    syncNow: call('sync:now'),
    getSyncStatus: none('sync:status'),
    setSyncSchedule: call('sync:schedule'),
    queryApps: call('apps:query'),
    queryUsers: call('users:query'),
    queryAssignments: call('assignments:query'),
    planDeployment: call('deploy:plan'),
    deploy: call('deploy:run'),
    queryDeployments: call('deployments:query'),
    retryDeployments: call('deployments:retry'),
    queryActivity: call('activity:query'),
    exportCsv: call('export:csv'),
    queryHolders: call('holders:query'),
    getHoldings: call('holdings:get'),
    queryDevices: call('devices:query'),
    planSerialDeployment: call('deploy:serials-plan'),
    deploySerials: call('deploy:serials-run'),
    planRevoke: call('revoke:plan'),
    revoke: call('revoke:run'),
    planRetire: call('retire:plan'),
    retire: call('retire:run'),
    loadRoster: call('roster:load'),
    getRoster: none('roster:get'),
    reclaimReport: call('reclaim:report'),
    planReclaim: call('reclaim:plan'),
    reclaim: call('reclaim:run'),
    exportHoldersCsv: call('holders:csv'),
    getAlerts: none('insight:alerts'),
    setLowStockRule: call('insight:rule'),
    getHistory: call('insight:history'),
    getAppInsight: call('insight:app'),
    getOverview: none('insight:overview'),
    getReport: none('insight:report'),
    saveReportPdf: (): Promise<Envelope<SavedPdf>> =>
      transport.saveReportPdf ? transport.saveReportPdf() : Promise.resolve(PDF_NOT_HERE),
    onSyncProgress: subscribe('sync:progress'),
    onStateChanged: subscribe('state:changed'),
  };
}

export type VppApi = ReturnType<typeof createVppApi>;
