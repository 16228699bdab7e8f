/**
 * A license Apple confirmed as assigned, recorded in the cache: the
 * assignment and the asset's counts change together, so the cache never
 * shows a license both used and free. Deployments and holder writes share it.
 */
import type { CacheData, CachedAsset, CachedAssignment } from '../cache';

export function addAssignment(data: CacheData, asset: CachedAsset | undefined, assignment: CachedAssignment): void {
  data.assignments.push(assignment);
  if (!asset) return;
  asset.assignedCount += 1;
  asset.availableCount = Math.max(0, asset.availableCount - 1);
}
