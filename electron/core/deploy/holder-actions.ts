/**
 * The holders views' writes, each planned first (the plan names every person
 * and device), then journaled and sent under the deploy lock: deploy an app
 * to serial numbers, revoke everything a user or device holds, retire users,
 * reclaim licenses held outside a roster. Refused offline with the reason.
 */
import { VppError } from '../../../shared/errors';
import { appKey } from '../../../shared/keys';
import { count, type Clock } from '../base';
import { parseRoster, reclaimReport, rosterSummary } from '../views';
import { planReclaim, planRetire, planRevoke, type Freeing } from './free-plan';
import { serialTarget, userTarget, type HolderResult } from './holder-apply';
import { trimJournal } from './journal';
import { findAsset } from './plan';
import { planSerials } from './serial-plan';
import type { ParsedRequestOf } from '../../../shared/contract';
import type {
  FreeOutcome,
  FreePlan,
  ReclaimReport,
  RosterSummary,
  SerialDeployOutcome,
  SerialDeployPlan,
  WriteItem,
} from '../../../shared/holders';
import type { CachedRoster, JournalEntry, Store } from '../cache';
import type { Connectivity } from '../net';
import type { Queries } from '../views';
import type { DeployApple } from './deploy-apple';
import type { Deployments } from './runner';

export interface HolderActionsDeps {
  store: Store;
  clock: Clock;
  queries: Queries;
  connectivity: Connectivity;
  deployments: Deployments;
  apple(): Promise<DeployApple>;
}

type SerialRequest = ParsedRequestOf<'deploy:serials-run'>;
type ReclaimRequest = ParsedRequestOf<'reclaim:run'>;

/** An item's outcome key: the app (or '*' for revoke and retire, which span apps) and the holder. */
const itemKey = (app: string, target: string) => `${app}|${target}`;

export class HolderActions {
  constructor(private readonly deps: HolderActionsDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private appName(adamId: string): string {
    return this.deps.queries.appName(adamId);
  }

  // --- device licensing --------------------------------------------------------

  planSerials(req: SerialRequest): SerialDeployPlan {
    return this.serialPlan(req).plan;
  }

  private serialPlan(req: SerialRequest) {
    const asset = findAsset(this.deps.store.data.assets, req.adamId, req.pricingParam);
    return planSerials(
      this.deps.store.data,
      asset,
      this.appName(asset.adamId),
      req.action,
      req.serialNumbers,
      this.now(),
    );
  }

  async deploySerials(req: SerialRequest): Promise<SerialDeployOutcome> {
    this.serialPlan(req); // refuses a non-device-assignable app before the lock
    this.deps.connectivity.require();
    return this.deps.deployments.exclusively(async () => {
      await this.deps.store.refresh();
      // Planned again under the lock: the counts another process left are the ones that hold.
      const { plan, entries } = this.serialPlan(req);
      const verb = req.action === 'required' ? 'Required' : 'Uninstall';
      const results = await this.send(
        entries,
        `${verb}: ${plan.appName} for ${count(plan.devices, 'device')}: ${req.action === 'required' ? `${plan.willAssign} to assign, ${plan.willFail} will fail` : `${plan.willReclaim} to reclaim`}.`,
      );
      const key = appKey(plan.adamId, plan.pricingParam);
      const item = (sn: string, outcome: WriteItem['outcome'], reason: string | null): WriteItem => ({
        adamId: plan.adamId,
        pricingParam: plan.pricingParam,
        clientUserId: null,
        serialNumber: sn,
        outcome,
        reason,
      });
      const sent = [...plan.assign, ...plan.reclaim].map((sn) => {
        const failure = results.failed.get(itemKey(key, serialTarget(sn)));
        if (failure !== undefined) return item(sn, 'failed', failure);
        return results.done.has(itemKey(key, serialTarget(sn)))
          ? item(sn, 'done', null)
          : item(sn, 'failed', 'Not confirmed by Apple yet; sync to see where it stands.');
      });
      const skipped = plan.noLicenses.map((sn) => item(sn, 'failed', 'No licenses available.'));
      return { plan, items: [...sent, ...skipped] };
    });
  }

  // --- revoke and retire --------------------------------------------------------

  planRevoke(ref: ParsedRequestOf<'revoke:run'>): FreePlan {
    return planRevoke(this.deps.store.data, ref, this.now()).plan;
  }

  revoke(ref: ParsedRequestOf<'revoke:run'>): Promise<FreeOutcome> {
    const who = ref.clientUserId ? `user ${ref.clientUserId}` : `device ${ref.serialNumber ?? ''}`;
    return this.free(() => planRevoke(this.deps.store.data, ref, this.now()), `Revoke every license of ${who}.`);
  }

  planRetire(req: ParsedRequestOf<'retire:run'>): FreePlan {
    return planRetire(this.deps.store.data, req.clientUserIds, this.now()).plan;
  }

  retire(req: ParsedRequestOf<'retire:run'>): Promise<FreeOutcome> {
    return this.free(
      () => planRetire(this.deps.store.data, req.clientUserIds, this.now()),
      `Retire ${req.clientUserIds.length === 1 ? `user ${req.clientUserIds[0] ?? ''}` : count(req.clientUserIds.length, 'user')}.`,
    );
  }

  // --- roster and reclaim --------------------------------------------------------

  async loadRoster(req: ParsedRequestOf<'roster:load'>): Promise<RosterSummary> {
    const roster = parseRoster(req.text, req.fileName, this.now());
    await this.deps.store.update((d) => {
      d.roster = roster;
    });
    return rosterSummary(roster);
  }

  roster(): RosterSummary | null {
    const r = this.deps.store.data.roster;
    return r ? rosterSummary(r) : null;
  }

  private rosterOf(req: ParsedRequestOf<'reclaim:report'>): CachedRoster {
    if (req.roster) return parseRoster(req.roster.text, req.roster.fileName, this.now());
    const kept = this.deps.store.data.roster;
    if (!kept)
      throw new VppError('VALIDATION', 'Load a roster first: the people and devices that should hold licenses.');
    return kept;
  }

  report(req: ParsedRequestOf<'reclaim:report'>): ReclaimReport {
    return reclaimReport(this.deps.store.data, this.rosterOf(req), (id) => this.appName(id), req.adamId);
  }

  private reclaimFreeing(req: ReclaimRequest): Freeing {
    const outside = this.report(req).items;
    let chosen = outside;
    if (req.selection) {
      const allowed = new Map(outside.map((i) => [itemKey(appKey(i.adamId, i.pricingParam), holderOf(i)), i]));
      const wanted = req.selection.map((s) => allowed.get(itemKey(appKey(s.adamId, s.pricingParam), holderOf(s))));
      if (wanted.some((w) => w === undefined))
        throw new VppError(
          'VALIDATION',
          'Some chosen licenses are no longer held outside the roster: review the list again.',
        );
      chosen = wanted.filter((w) => w !== undefined);
    }
    return planReclaim(this.deps.store.data, chosen, this.now());
  }

  planReclaim(req: ReclaimRequest): FreePlan {
    return this.reclaimFreeing(req).plan;
  }

  reclaim(req: ReclaimRequest): Promise<FreeOutcome> {
    const roster = req.roster?.fileName ?? this.deps.store.data.roster?.fileName ?? 'the roster';
    return this.free(() => this.reclaimFreeing(req), `Reclaim licenses held outside ${roster}.`);
  }

  // --- sending --------------------------------------------------------------------

  private async free(freeing: () => Freeing, what: string): Promise<FreeOutcome> {
    const first = freeing();
    if (first.plan.refused) throw new VppError('VALIDATION', first.plan.refused);
    this.deps.connectivity.require();
    return this.deps.deployments.exclusively(async () => {
      await this.deps.store.refresh();
      const { plan, entries } = freeing();
      if (plan.refused) throw new VppError('VALIDATION', plan.refused);
      const results = await this.send(
        entries,
        `${what} ${count(plan.licenses, 'license')} of ${count(plan.people, 'person', 'people')} and ${count(plan.devices, 'device')}.`,
      );
      const spansApps = plan.kind !== 'reclaim';
      const items = plan.items.map((i): WriteItem => {
        const key = itemKey(spansApps ? '*' : appKey(i.adamId ?? '', i.pricingParam ?? ''), holderOf(i));
        const failure = results.failed.get(key);
        if (failure !== undefined) return { ...i, outcome: 'failed', reason: failure };
        if (results.done.has(key)) return { ...i, outcome: 'done', reason: null };
        return { ...i, outcome: 'failed', reason: 'Not confirmed by Apple yet; sync to see where it stands.' };
      });
      const reclaimed = items.filter((i) => i.outcome === 'done').length;
      return {
        plan,
        holders: plan.people + plan.devices,
        licenses: plan.licenses,
        reclaimed,
        failed: items.length - reclaimed,
        items,
      };
    });
  }

  /** Records every entry in one cache write, then sends each and waits for Apple's answer. */
  private async send(
    entries: JournalEntry[],
    log: string,
  ): Promise<{ done: Set<string>; failed: Map<string, string> }> {
    const { store } = this.deps;
    const done = new Set<string>();
    const failed = new Map<string, string>();
    if (entries.length === 0) return { done, failed };
    await store.update((data) => {
      data.journal.push(...entries);
      trimJournal(data);
      store.log('deployment', log, data);
    });
    const apple = await this.deps.apple();
    for (const [index, entry] of entries.entries()) {
      const sent = await this.deps.deployments.holderWrites.send(apple, entry);
      const result: HolderResult | null =
        typeof sent === 'string' ? await this.deps.deployments.holderWrites.finish(apple, entry.id, sent) : sent;
      if (!result) continue;
      if (result.unreachable) {
        // Apple cannot be reached: the rest is not sent either, and the admin reads why.
        await this.abandon(entries.slice(index + 1), result.unreachable.message);
        throw result.unreachable;
      }
      const app = entry.adamId && entry.pricingParam ? appKey(entry.adamId, entry.pricingParam) : '*';
      for (const t of result.done) done.add(itemKey(app, t));
      for (const [t, why] of result.failed) failed.set(itemKey(app, t), why);
    }
    return { done, failed };
  }

  private async abandon(entries: JournalEntry[], why: string): Promise<void> {
    if (entries.length === 0) return;
    const ids = new Set(entries.map((e) => e.id));
    await this.deps.store.update((data) => {
      for (const e of data.journal) {
        if (!ids.has(e.id) || e.status !== 'prepared') continue;
        Object.assign(e, { status: 'failed', error: why, updatedAt: this.now() });
      }
    });
  }
}

function holderOf(i: { clientUserId: string | null; serialNumber: string | null }): string {
  return i.clientUserId ? userTarget(i.clientUserId) : serialTarget(i.serialNumber ?? '');
}
