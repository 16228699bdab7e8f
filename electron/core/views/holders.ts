/**
 * Who holds each license, from Apple's synced assignments (users and serial
 * numbers): an app's holders, a user's or a device's holdings, the devices.
 * "Assigned by VPP Desk" means a VPP Desk deployment row in state assigned
 * exists for that user and app; everything else was assigned by another tool
 * (or by hand in Apple Business Manager). All of it works offline.
 */
import { VppError } from '../../../shared/errors';
import { appKey, rowKey } from '../../../shared/keys';
import { inviteUrlOf, termsStatusOf } from '../cache';
import { assignedRowSteps } from './assigned-by';
import { csvInTurns } from './csv';
import { Grouping } from './grouping';
import { View } from './paging';
import { due, inTurns, mapSteps, now, type Steps } from './steps';
import type { ParsedRequestOf, ResultOf } from '../../../shared/contract';
import type { DeviceRow, HolderRow, Holdings, HoldingRow } from '../../../shared/holders';
import type { CachedAssignment, CachedDeployment, Store } from '../cache';
import type { Queries } from './queries';

const HOLDER_COLUMNS: Array<keyof HolderRow & string> = [
  'adamId',
  'pricingParam',
  'clientUserId',
  'serialNumber',
  'email',
  'termsStatus',
  'assignedBy',
  'since',
];

type Pricing = CachedAssignment['pricingParam'];

/** Apple's assignments grouped by app (per pricing, by adamId), by user and by serial number. */
interface Index {
  assignments: readonly CachedAssignment[];
  byApp: Record<Pricing, Grouping>;
  byUser: Grouping;
  bySerial: Grouping;
  /** rowKey → the assigned VPP Desk row. */
  ours: Map<string, CachedDeployment>;
}

/** The assignments a grouping holds under a key, in the cache's order. */
const listOf = (index: Index, grouping: Grouping, key: string): CachedAssignment[] =>
  Array.from(grouping.rowsOf(key), (i) => index.assignments[i] as CachedAssignment);

let blockingIndexBuilds = 0;

/** Holders' indexes built in one call (none built ahead) in this process: tests check the window's host. */
export function holderIndexesBuiltInOneCall(): number {
  return blockingIndexBuilds;
}

export class Holders {
  private index: Index | null = null;
  private indexGen = -1;
  /** The index being built ahead, and the cache generation it is of. */
  private pending: { gen: number; done: Promise<Index> } | null = null;
  private holdersKey = '';
  private holdersView: View<HolderRow> | null = null;

  readonly devices = new View<DeviceRow>(
    () => this.deviceSteps(),
    (r) => r.serialNumber.toLowerCase(),
    'serialNumber',
  );

  constructor(
    private readonly store: Store,
    private readonly queries: Queries,
  ) {}

  /**
   * Builds the index of the cache as it is now ahead, a slice at a time: the window's host awaits it before work
   * that reads holders (in one call, a million assignments held its thread ~1.9 s). Read the assignments ahead
   * first (Store.readCollections). `between` stands in for the turn between slices (tests).
   */
  async indexAhead(between?: () => Promise<unknown>): Promise<void> {
    const gen = this.store.generation;
    if (this.index && this.indexGen === gen) return;
    if (this.pending?.gen !== gen) {
      const done = inTurns(this.indexSteps(gen), between).finally(() => {
        if (this.pending?.done === done) this.pending = null;
      });
      this.pending = { gen, done };
    }
    await this.pending.done;
  }

  /** The index as steps, of the cache at generation `gen`. */
  private *indexSteps(gen: number): Steps<Index> {
    const assignments = this.store.data.assignments;
    const n = assignments.length;
    const index: Index = {
      assignments,
      // By adamId per pricing: an appKey string made per row cost more than the two groupings.
      byApp: { STDQ: new Grouping(n), PLUS: new Grouping(n) },
      byUser: new Grouping(n),
      bySerial: new Grouping(n),
      ours: new Map(),
    };
    for (let i = 0; i < n; i++) {
      const a = assignments[i] as CachedAssignment;
      index.byApp[a.pricingParam].add(i, a.adamId);
      if (a.clientUserId) index.byUser.add(i, a.clientUserId);
      if (a.serialNumber) index.bySerial.add(i, a.serialNumber);
      if (due(i)) yield;
    }
    for (const grouping of [index.byApp.STDQ, index.byApp.PLUS, index.byUser, index.bySerial]) yield* grouping.finish();
    index.ours = yield* assignedRowSteps(this.store.data.deployments);
    // Kept as of the generation it started from: if the cache changed meanwhile, the next reader builds again.
    this.index = index;
    this.indexGen = gen;
    return index;
  }

  /** The index of the cache as it is now: built ahead (indexAhead), or else here in one call. */
  private built(): Index {
    if (this.index && this.indexGen === this.store.generation) return this.index;
    blockingIndexBuilds++;
    return now(this.indexSteps(this.store.generation));
  }

  /** One row per serial number, with how many apps it holds (hundreds of thousands in a district's devices). */
  private *deviceSteps(): Steps<DeviceRow[]> {
    const rows: DeviceRow[] = [];
    let k = 0;
    for (const [serialNumber, apps] of this.built().bySerial.sizes()) {
      rows.push({ serialNumber, apps });
      if (due(k++)) yield;
    }
    return rows;
  }

  /** The VPP Desk row behind a user's license, if VPP Desk assigned it. */
  private ourRow(a: CachedAssignment, index: Index = this.built()): CachedDeployment | undefined {
    return a.clientUserId ? index.ours.get(rowKey(a.adamId, a.pricingParam, a.clientUserId)) : undefined;
  }

  /** Every holder of an app (both pricings unless one is named). */
  private *holderSteps(adamId: string, pricingParam?: string): Steps<HolderRow[]> {
    const index = this.built();
    const users = this.queries.userIndex();
    const pricings: Pricing[] = pricingParam === 'STDQ' || pricingParam === 'PLUS' ? [pricingParam] : ['STDQ', 'PLUS'];
    let rows: HolderRow[] = [];
    for (const pricing of pricings) {
      const list = listOf(index, index.byApp[pricing], adamId);
      const made = yield* mapSteps(list, (a): HolderRow => {
        const user = a.clientUserId ? users.get(a.clientUserId) : undefined;
        const ours = this.ourRow(a, index);
        return {
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          clientUserId: a.clientUserId,
          serialNumber: a.serialNumber,
          email: user?.email ?? null,
          termsStatus: a.clientUserId ? termsStatusOf(user) : null,
          assignedBy: ours ? ('vpp-desk' as const) : ('other' as const),
          since: ours?.updatedAt ?? null,
        };
      });
      rows = rows.length === 0 ? made : rows.concat(made);
    }
    return rows;
  }

  queryHolders(req: ParsedRequestOf<'holders:query'>): Promise<ResultOf<'holders:query'>> {
    const viewKey = `${req.adamId}|${req.pricingParam ?? ''}`;
    if (!this.holdersView || this.holdersKey !== viewKey) {
      // One app at a time is open in the window; its view is rebuilt when the app changes.
      this.holdersView = new View<HolderRow>(
        () => this.holderSteps(req.adamId, req.pricingParam),
        (r) => `${r.clientUserId ?? ''} ${r.serialNumber ?? ''} ${r.email ?? ''}`.toLowerCase(),
        'clientUserId',
      );
      this.holdersKey = viewKey;
    }
    const { kind, assignedBy, terms } = req;
    const filter =
      kind || assignedBy || terms
        ? (r: HolderRow) =>
            (!kind || (kind === 'user' ? r.clientUserId !== null : r.serialNumber !== null)) &&
            (!assignedBy || r.assignedBy === assignedBy) &&
            (!terms || r.termsStatus === terms)
        : undefined;
    return this.holdersView.query(
      this.store.generation,
      req,
      filter,
      `${kind ?? ''}|${assignedBy ?? ''}|${terms ?? ''}`,
    );
  }

  /** The apps one user or one device holds, with the user's terms status and invitation link. */
  holdings(ref: ParsedRequestOf<'holdings:get'>): Holdings {
    const index = this.built();
    const list = ref.clientUserId
      ? listOf(index, index.byUser, ref.clientUserId)
      : listOf(index, index.bySerial, ref.serialNumber ?? '');
    const assets = new Map(this.store.data.assets.map((a) => [appKey(a.adamId, a.pricingParam), a]));
    const apps: HoldingRow[] = list
      .map((a) => ({
        adamId: a.adamId,
        pricingParam: a.pricingParam,
        name: this.queries.appName(a.adamId),
        assignedBy: this.ourRow(a, index) ? ('vpp-desk' as const) : ('other' as const),
        deviceAssignable: assets.get(appKey(a.adamId, a.pricingParam))?.deviceAssignable ?? false,
      }))
      .sort((x, y) => x.name.localeCompare(y.name));
    if (!ref.clientUserId) {
      return {
        clientUserId: null,
        serialNumber: ref.serialNumber ?? null,
        email: null,
        status: null,
        termsStatus: null,
        inviteUrl: null,
        apps,
      };
    }
    const user = this.queries.userIndex().get(ref.clientUserId);
    return {
      clientUserId: ref.clientUserId,
      serialNumber: null,
      email: user?.email ?? null,
      status: user?.status ?? null,
      termsStatus: termsStatusOf(user),
      inviteUrl: inviteUrlOf(user, this.store.data.service),
      apps,
    };
  }

  queryDevices(req: ParsedRequestOf<'devices:query'>): Promise<ResultOf<'devices:query'>> {
    return this.devices.query(this.store.generation, req);
  }

  allDevices(req: ParsedRequestOf<'devices:query'>): Promise<DeviceRow[]> {
    return this.devices.all(this.store.generation, req);
  }

  /** An app's holders or every device, as CSV (what the window's export and `--csv` write). */
  async exportCsv(req: ParsedRequestOf<'holders:csv'>, stamp: string): Promise<ResultOf<'holders:csv'>> {
    if (req.what === 'devices') {
      const rows = await this.allDevices({ offset: 0, limit: 5000, search: '', sortDir: 'asc' });
      return { fileName: `vpp-desk-devices-${stamp}.csv`, csv: await csvInTurns(rows, ['serialNumber', 'apps']) };
    }
    if (!req.adamId) throw new VppError('VALIDATION', 'Name the app whose holders to export.');
    return {
      fileName: `vpp-desk-holders-${req.adamId}-${stamp}.csv`,
      csv: await csvInTurns(await inTurns(this.holderSteps(req.adamId, req.pricingParam)), HOLDER_COLUMNS),
    };
  }
}
