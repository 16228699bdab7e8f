// Public entry point of the Apple Apps and Books (VPP v2) simulator.
// Everything another module needs is exported from here.
import { SimCore } from './core';
import { startFront, type Front } from './front-thread';
import { COUNTED_PATHS, createSimServer } from './server';
import type { Simulator, SimulatorOptions } from './types';
import type { AddressInfo } from 'node:net';

export { makeTokenFile, parseTokenFile, formatAppleDate } from './tokens';
export type { TokenFileFields } from './tokens';
export type { ErrorBody, ErrorInfo } from './errors';
export type {
  AddLocationOptions,
  AssetView,
  AssignmentView,
  AssociateRecord,
  EventStatus,
  EventType,
  Fault,
  FaultKind,
  Held,
  HoldPhase,
  HoldSpec,
  IssueTokenOptions,
  LocationSummary,
  MdmInfo,
  Platform,
  PricingParam,
  ProductType,
  RequestLogEntry,
  Simulator,
  SimulatorOptions,
  SimulatorState,
  UserStatus,
  UserView,
  VersionIds,
} from './types';

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const core = new SimCore(opts);
  const server = createSimServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the simulator stands in for Apple on this machine, nowhere else.
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let front: Front | undefined;
  if (core.opts.limitAtFrontThread) {
    front = await startFront(port, core.rateLimitPerSecond, COUNTED_PATHS);
  }
  // Clients (and the URLs the simulator writes into its answers) go through the front when there is one.
  core.origin = `http://127.0.0.1:${front?.port ?? port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${core.origin}/mdm/v2`,
    origin: core.origin,
    uId: core.main.uId,
    close: () => {
      closing ??= Promise.all([
        front?.close(),
        new Promise<void>((resolve) => {
          core.close();
          server.close(() => resolve());
          // Keep-alive sockets would otherwise hold the server (and a test) open.
          server.closeAllConnections();
        }),
      ]).then(() => undefined);
      return closing;
    },
    issueToken: (o) => core.issueToken(o),
    addLocation: (o) => core.addLocation(o),
    revokeToken: (c) => core.revokeToken(c),
    expireToken: (c) => core.expireToken(c),
    setMdmInfo: (uId, info) => core.setMdmInfo(uId, info),
    acceptTerms: (id, uId) => core.acceptTerms(id, uId),
    buyLicenses: (adamId, pricing, count, uId) => core.buyLicenses(adamId, pricing, count, uId),
    faults: { set: (f) => core.faults.set(f), clear: () => core.faults.clear(), fired: () => core.faults.fired },
    requests: core.requests,
    state: () => core.state(),
    asset: (adamId, pricing, uId) => core.asset(adamId, pricing, uId),
    listAssets: (uId) => core.listAssets(uId),
    user: (id, uId) => core.user(id, uId),
    usersByStatus: (status, limit, uId) => core.usersByStatus(status, limit, uId),
    assignmentsFor: (adamId, uId) => core.assignmentsFor(adamId, uId),
    assignmentsOfUser: (id, uId) => core.assignmentsOfUser(id, uId),
    associations: core.ledger.records,
    hold: (spec) => core.holds.hold(spec),
  };
}
