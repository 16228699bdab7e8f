// JSON shapes on the wire (Apple's ResponseAsset, ResponseUser, Assignment),
// keys in Apple's alphabetical order, internal fields left out.
import type { AssetRec, AssignmentRec, UserRec } from './store';
import type { AssetView, AssignmentView, UserView } from './types';

export function assetJson(a: AssetRec): Omit<AssetView, 'name'> {
  return {
    adamId: a.adamId,
    assignedCount: a.assignedCount,
    availableCount: a.availableCount,
    deviceAssignable: a.deviceAssignable,
    pricingParam: a.pricingParam,
    productType: a.productType,
    retiredCount: a.retiredCount,
    revocable: a.revocable,
    supportedPlatforms: [...a.supportedPlatforms],
    totalCount: a.assignedCount + a.availableCount,
  };
}

export function userJson(u: UserRec): UserView {
  const out: Partial<UserView> & { clientUserId: string } = { clientUserId: u.clientUserId };
  if (u.email !== undefined) out.email = u.email;
  if (u.idHash !== undefined) out.idHash = u.idHash;
  if (u.inviteCode !== undefined) out.inviteCode = u.inviteCode;
  return { ...out, status: u.status };
}

export function assignmentJson(a: AssignmentRec): AssignmentView {
  const out: AssignmentView = { adamId: a.adamId, pricingParam: a.pricingParam };
  if (a.clientUserId !== undefined) out.clientUserId = a.clientUserId;
  if (a.serialNumber !== undefined) out.serialNumber = a.serialNumber;
  return out;
}
