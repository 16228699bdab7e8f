/** How revoke, retire and reclaim print their plan (--dry-run) and outcome; any failed license exits 1. */
import { EXIT_FAILED, printJson, printLines } from './output';
import type { FreeOutcome, FreePlan, WriteItem } from '../../shared/holders';

const who = (i: WriteItem) => (i.clientUserId ? `user ${i.clientUserId}` : `device ${i.serialNumber ?? ''}`);
const app = (i: WriteItem) => (i.adamId ? `${i.adamId} (${i.pricingParam ?? ''})` : '');

/** The JSON shape the issue documents: {holders, licenses, reclaimed, failed, items}. */
function shape(plan: FreePlan, items: WriteItem[], reclaimed: number, failed: number) {
  return {
    holders: plan.people + plan.devices,
    licenses: plan.licenses,
    reclaimed,
    failed,
    items: items.map(({ adamId, pricingParam, clientUserId, serialNumber, outcome }) => ({
      adamId,
      pricingParam,
      clientUserId,
      serialNumber,
      outcome,
    })),
  };
}

export function printFreePlan(plan: FreePlan, json: boolean): void {
  if (json) return printJson(shape(plan, plan.items, 0, 0));
  printLines([
    `Plan: ${plan.licenses} license(s) of ${plan.people} people and ${plan.devices} device(s); nothing sent.`,
    ...plan.items.map((i) => `  ${app(i)}\t${who(i)}`),
  ]);
}

export function printFreeOutcome(out: FreeOutcome, json: boolean): void {
  if (json) printJson(shape(out.plan, out.items, out.reclaimed, out.failed));
  else
    printLines([
      `${out.reclaimed} of ${out.licenses} license(s) freed; ${out.failed} failed.`,
      ...out.items.map((i) => `  ${app(i)}\t${who(i)}\t${i.outcome}${i.reason ? `\t${i.reason}` : ''}`),
    ]);
  if (out.failed > 0) process.exitCode = EXIT_FAILED;
}
