/**
 * The plans and runs behind the holders pages' actions, shaped for the plan
 * dialog: users are uninstalled through the normal deployment, devices
 * through device licensing; revoke, retire and reclaim through their own.
 */
import { api } from '../api';
import type { PricingParam } from '../../shared/domain';
import type { FreeOutcome, FreePlan, WriteItem } from '../../shared/holders';

/** What the plan dialog shows: a sentence and every license it touches. */
export interface PlanView {
  summary: string;
  items: WriteItem[];
  /** Why it cannot be sent; the confirm button says so. */
  refused?: string | null;
}

export interface Target {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId: string | null;
  serialNumber: string | null;
}

const item = (t: Target, outcome: WriteItem['outcome'], reason: string | null = null): WriteItem => ({
  ...t,
  outcome,
  reason,
});

export function freePlanView(p: FreePlan): PlanView {
  return {
    summary: `${p.licenses} license(s) of ${p.people} people and ${p.devices} device(s) will be freed.`,
    items: p.items,
    refused: p.refused,
  };
}

export function freeOutcomeView(o: FreeOutcome): PlanView {
  return { summary: `${o.reclaimed} of ${o.licenses} license(s) freed; ${o.failed} failed.`, items: o.items };
}

/** Uninstall chosen licenses of one app: users through deploy (uninstall), devices through device licensing. */
export function uninstallPlan(targets: Target[]): { plan: () => Promise<PlanView>; run: () => Promise<PlanView> } {
  const first = targets[0];
  const app = first ? { adamId: first.adamId, pricingParam: first.pricingParam } : null;
  const users = targets.filter((t) => t.clientUserId).map((t) => t.clientUserId as string);
  const serials = targets.filter((t) => t.serialNumber).map((t) => t.serialNumber as string);
  const summary = `Uninstall: ${users.length} user(s) and ${serials.length} device(s) give back their license.`;
  return {
    plan: async () => ({ summary, items: targets.map((t) => item(t, 'planned')) }),
    run: async () => {
      if (!app) return { summary, items: [] };
      const items: WriteItem[] = [];
      if (users.length > 0) {
        const out = await api.deploy({ ...app, clientUserIds: users, action: 'uninstall' });
        for (const r of out.rows)
          items.push(
            item(
              { ...app, clientUserId: r.clientUserId, serialNumber: null },
              r.state === 'reclaimed' ? 'done' : r.state === 'failed' ? 'failed' : 'planned',
              r.reason,
            ),
          );
      }
      if (serials.length > 0) {
        const out = await api.deploySerials({ ...app, serialNumbers: serials, action: 'uninstall' });
        items.push(...out.items);
      }
      const ok = items.filter((i) => i.outcome === 'done').length;
      return { summary: `${ok} of ${targets.length} license(s) reclaimed.`, items };
    },
  };
}
