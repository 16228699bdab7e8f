/**
 * Licenses that leak: every license held by a user or a device that is not
 * on the admin's roster, per app, with totals. A user is on the roster when
 * their client user id is listed, or their email is (as an email or as an
 * id); a device when its serial number is. Pure: the window and the CLI read
 * it; deploy/ reclaims the selection.
 */
import { appKey } from '../../../shared/keys';
import { count } from '../base';
import { assignedRows } from './assigned-by';
import { rosterSummary } from './roster';
import type { ReclaimItem, ReclaimReport } from '../../../shared/holders';
import type { CacheData, CachedRoster } from '../cache';

export function reclaimReport(
  data: Readonly<CacheData>,
  roster: CachedRoster,
  appName: (adamId: string) => string,
  adamId?: string,
): ReclaimReport {
  const ids = new Set(roster.clientUserIds);
  const idsLower = new Set(roster.clientUserIds.map((id) => id.toLowerCase()));
  const emails = new Set(roster.emails);
  const serials = new Set(roster.serialNumbers.map((s) => s.toUpperCase()));
  const users = new Map(data.users.map((u) => [u.clientUserId, u]));
  const assets = new Map(data.assets.map((a) => [appKey(a.adamId, a.pricingParam), a]));
  const ours = assignedRows(data.deployments);
  const onRoster = (clientUserId: string): boolean => {
    if (ids.has(clientUserId) || emails.has(clientUserId.toLowerCase())) return true;
    const email = users.get(clientUserId)?.email?.toLowerCase();
    return email !== undefined && (emails.has(email) || idsLower.has(email));
  };
  const items: ReclaimItem[] = [];
  for (const a of data.assignments) {
    if (adamId && a.adamId !== adamId) continue;
    if (a.clientUserId ? onRoster(a.clientUserId) : serials.has((a.serialNumber ?? '').toUpperCase())) continue;
    items.push({
      adamId: a.adamId,
      pricingParam: a.pricingParam,
      name: appName(a.adamId),
      clientUserId: a.clientUserId,
      serialNumber: a.serialNumber,
      email: a.clientUserId ? (users.get(a.clientUserId)?.email ?? null) : null,
      assignedBy:
        a.clientUserId && ours.has(`${appKey(a.adamId, a.pricingParam)}|${a.clientUserId}`) ? 'vpp-desk' : 'other',
      revocable: assets.get(appKey(a.adamId, a.pricingParam))?.revocable ?? true,
    });
  }
  items.sort(
    (x, y) =>
      x.name.localeCompare(y.name) ||
      (x.clientUserId ?? x.serialNumber ?? '').localeCompare(y.clientUserId ?? y.serialNumber ?? ''),
  );
  const perApp = new Map<string, ReclaimReport['apps'][number]>();
  for (const i of items) {
    const key = appKey(i.adamId, i.pricingParam);
    const row = perApp.get(key) ?? { adamId: i.adamId, pricingParam: i.pricingParam, name: i.name, licenses: 0 };
    row.licenses++;
    perApp.set(key, row);
  }
  const people = new Set(items.filter((i) => i.clientUserId).map((i) => i.clientUserId)).size;
  const devices = new Set(items.filter((i) => i.serialNumber).map((i) => i.serialNumber)).size;
  return {
    roster: rosterSummary(roster),
    people,
    devices,
    licenses: items.length,
    sentence: `${count(items.length, 'license')} held by ${count(people, 'person', 'people')} and ${count(devices, 'device')} not in your roster`,
    apps: [...perApp.values()].sort((x, y) => y.licenses - x.licenses || x.name.localeCompare(y.name)),
    items,
  };
}
