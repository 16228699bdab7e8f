/**
 * Identity of the things both sides key maps and rows by: an app is an
 * adamId bought with one pricing (STDQ and PLUS are separate purchases); a
 * deployment row is one app for one user.
 */
export function appKey(adamId: string, pricingParam: string): string {
  return `${adamId}|${pricingParam}`;
}

/** The adamId of an appKey. */
export function adamIdOfAppKey(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

export function rowKey(adamId: string, pricingParam: string, clientUserId: string): string {
  return `${appKey(adamId, pricingParam)}|${clientUserId}`;
}
