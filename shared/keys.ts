/**
 * Identity of the things both sides key maps and rows by: an app is an
 * adamId bought with one pricing (STDQ and PLUS are separate purchases); a
 * deployment row is one app for one user.
 */
export function appKey(adamId: string, pricingParam: string): string {
  return `${adamId}|${pricingParam}`;
}

/**
 * Whether a row is of this app, by its fields: no key built per row. A pass over a million assignments
 * building appKey for each took ~60 ms of the window's thread, comparing the fields ~9 ms.
 */
export function isOfApp(row: { adamId: string; pricingParam: string }, adamId: string, pricingParam: string): boolean {
  return row.adamId === adamId && row.pricingParam === pricingParam;
}

/** The adamId of an appKey. */
export function adamIdOfAppKey(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

export function rowKey(adamId: string, pricingParam: string, clientUserId: string): string {
  return `${appKey(adamId, pricingParam)}|${clientUserId}`;
}
