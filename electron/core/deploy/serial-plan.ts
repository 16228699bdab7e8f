/**
 * Device licensing, planned: which serial numbers get a license of an app
 * (never more than are free, counting writes still in flight), which
 * already hold one, which fail for lack of licenses, and the journal entries
 * a run records before sending, batched to Apple's maxSerialNumbers. Pure.
 */
import { VppError } from '../../../shared/errors';
import { appKey, isOfApp } from '../../../shared/keys';
import { splitManageAssets } from '../apple';
import { newEntry } from './journal';
import { licensesFree } from './licenses';
import { limitsOf } from './plan';
import type { DeployAction } from '../../../shared/domain';
import type { SerialDeployPlan } from '../../../shared/holders';
import type { CacheData, CachedAsset, JournalEntry } from '../cache';

export interface SerialPlan {
  plan: SerialDeployPlan;
  entries: JournalEntry[];
}

/** Licenses of the app promised to writes not finished yet (users and devices). */
export function inFlightFor(data: Readonly<CacheData>, asset: CachedAsset): number {
  const key = appKey(asset.adamId, asset.pricingParam);
  let n = 0;
  const counted = new Set<string>();
  for (const j of data.journal) {
    if (j.kind !== 'associate' || (j.status !== 'prepared' && j.status !== 'sent')) continue;
    if (!j.adamId || !j.pricingParam || appKey(j.adamId, j.pricingParam) !== key) continue;
    n += j.serialNumbers.length + j.clientUserIds.length;
    counted.add(j.id);
  }
  for (const d of data.deployments) {
    if (d.state === 'assigning' && d.journalId && !counted.has(d.journalId) && appKey(d.adamId, d.pricingParam) === key)
      n++;
  }
  return n;
}

export function uniqueSerials(serials: readonly string[]): string[] {
  return [...new Set(serials.map((s) => s.trim()).filter((s) => s !== ''))];
}

export function planSerials(
  data: Readonly<CacheData>,
  asset: CachedAsset,
  appName: string,
  action: DeployAction,
  serialNumbers: readonly string[],
  now: string,
): SerialPlan {
  if (!asset.deviceAssignable) {
    throw new VppError(
      'VALIDATION',
      `${appName} (${asset.adamId}) cannot be assigned to devices: Apple allows its licenses only for users. Deploy it to users instead.`,
    );
  }
  const serials = uniqueSerials(serialNumbers);
  const holding = new Set(
    data.assignments
      .filter((a) => a.serialNumber && isOfApp(a, asset.adamId, asset.pricingParam))
      .map((a) => a.serialNumber as string),
  );
  const licensesAvailable = licensesFree(asset, inFlightFor(data, asset));
  let free = licensesAvailable;
  const assign: string[] = [];
  const reclaim: string[] = [];
  const noLicenses: string[] = [];
  let already = 0;
  let nothing = 0;
  for (const sn of serials) {
    if (action === 'uninstall') {
      if (holding.has(sn)) reclaim.push(sn);
      else nothing++;
    } else if (holding.has(sn)) already++;
    else if (free > 0) {
      assign.push(sn);
      free--;
    } else noLicenses.push(sn);
  }
  const app = { adamId: asset.adamId, pricingParam: asset.pricingParam };
  const assets = [app];
  const entries = [
    ...splitManageAssets({ assets, serialNumbers: assign }, limitsOf(data)).map((r) =>
      holderEntry(newEntry('associate', app, [], now, r.serialNumbers ?? [])),
    ),
    ...splitManageAssets({ assets, serialNumbers: reclaim }, limitsOf(data)).map((r) =>
      holderEntry(newEntry('disassociate', app, [], now, r.serialNumbers ?? [])),
    ),
  ];
  return {
    plan: {
      ...app,
      appName,
      action,
      devices: serials.length,
      licensesAvailable,
      willAssign: assign.length,
      alreadyAssigned: already,
      willFail: noLicenses.length,
      willReclaim: reclaim.length,
      nothingToReclaim: nothing,
      assign,
      reclaim,
      noLicenses,
    },
    entries,
  };
}

/** Marks an entry as the holders views' (applied by holder-apply.ts). */
export function holderEntry(entry: JournalEntry): JournalEntry {
  return { ...entry, holders: true };
}
