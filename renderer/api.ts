/**
 * The renderer's only door to main: window.vpp with its envelopes unwrapped.
 * Each call resolves to the typed result or throws a VppClientError carrying
 * core's code and the sentence the admin should read.
 */
import { ERROR_MESSAGES } from '../shared/errors';
import type { VppApi } from '../shared/api';
import type { Envelope } from '../shared/contract';

export class VppClientError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'VppClientError';
    this.code = code;
  }
}

const NOT_ANSWERING = 'VPP Desk did not answer. Close the window and open it again.';

function bridge(): VppApi {
  // Missing only when the page is opened outside Electron and the preview host.
  if (typeof window.vpp === 'undefined')
    throw new VppClientError('INTERNAL', 'This window was opened without VPP Desk behind it.');
  return window.vpp;
}

async function unwrap<T>(call: () => Promise<Envelope<T>>): Promise<T> {
  let envelope: Envelope<T>;
  try {
    envelope = await call();
  } catch (err) {
    if (err instanceof VppClientError) throw err;
    throw new VppClientError('INTERNAL', NOT_ANSWERING);
  }
  if (envelope.ok) return envelope.value;
  throw new VppClientError(envelope.error.code, envelope.error.message);
}

type Unwrapped<F> = F extends (...args: infer A) => Promise<Envelope<infer R>> ? (...args: A) => Promise<R> : F;
export type Api = { [K in keyof VppApi]: Unwrapped<VppApi[K]> };

/** Same method names as window.vpp; the bridge is looked up per call so tests can swap it. */
export const api: Api = {
  getAppInfo: () => unwrap(() => bridge().getAppInfo()),
  getTokenStatus: () => unwrap(() => bridge().getTokenStatus()),
  importToken: (req) => unwrap(() => bridge().importToken(req)),
  removeToken: () => unwrap(() => bridge().removeToken()),
  syncNow: (req) => unwrap(() => bridge().syncNow(req)),
  getSyncStatus: () => unwrap(() => bridge().getSyncStatus()),
  setSyncSchedule: (req) => unwrap(() => bridge().setSyncSchedule(req)),
  queryApps: (req) => unwrap(() => bridge().queryApps(req)),
  queryUsers: (req) => unwrap(() => bridge().queryUsers(req)),
  queryAssignments: (req) => unwrap(() => bridge().queryAssignments(req)),
  planDeployment: (req) => unwrap(() => bridge().planDeployment(req)),
  deploy: (req) => unwrap(() => bridge().deploy(req)),
  queryDeployments: (req) => unwrap(() => bridge().queryDeployments(req)),
  retryDeployments: (req) => unwrap(() => bridge().retryDeployments(req)),
  queryActivity: (req) => unwrap(() => bridge().queryActivity(req)),
  exportCsv: (req) => unwrap(() => bridge().exportCsv(req)),
  queryHolders: (req) => unwrap(() => bridge().queryHolders(req)),
  getHoldings: (req) => unwrap(() => bridge().getHoldings(req)),
  queryDevices: (req) => unwrap(() => bridge().queryDevices(req)),
  planSerialDeployment: (req) => unwrap(() => bridge().planSerialDeployment(req)),
  deploySerials: (req) => unwrap(() => bridge().deploySerials(req)),
  planRevoke: (req) => unwrap(() => bridge().planRevoke(req)),
  revoke: (req) => unwrap(() => bridge().revoke(req)),
  planRetire: (req) => unwrap(() => bridge().planRetire(req)),
  retire: (req) => unwrap(() => bridge().retire(req)),
  loadRoster: (req) => unwrap(() => bridge().loadRoster(req)),
  getRoster: () => unwrap(() => bridge().getRoster()),
  reclaimReport: (req) => unwrap(() => bridge().reclaimReport(req)),
  planReclaim: (req) => unwrap(() => bridge().planReclaim(req)),
  reclaim: (req) => unwrap(() => bridge().reclaim(req)),
  exportHoldersCsv: (req) => unwrap(() => bridge().exportHoldersCsv(req)),
  getAlerts: () => unwrap(() => bridge().getAlerts()),
  setLowStockRule: (req) => unwrap(() => bridge().setLowStockRule(req)),
  getHistory: (req) => unwrap(() => bridge().getHistory(req)),
  getAppInsight: (req) => unwrap(() => bridge().getAppInsight(req)),
  getOverview: () => unwrap(() => bridge().getOverview()),
  getReport: () => unwrap(() => bridge().getReport()),
  saveReportPdf: () => unwrap(() => bridge().saveReportPdf()),
  onSyncProgress: (listener) => bridge().onSyncProgress(listener),
  onStateChanged: (listener) => bridge().onStateChanged(listener),
};

/** The admin-facing sentence of anything thrown, never a stack. */
export function messageOf(err: unknown): string {
  if (err instanceof VppClientError) return err.message;
  return ERROR_MESSAGES.INTERNAL;
}

export function codeOf(err: unknown): string {
  return err instanceof VppClientError ? err.code : 'INTERNAL';
}
