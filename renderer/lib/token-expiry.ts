/**
 * The expiry a picked .vpptoken file states (Base64 of {token, expDate,
 * orgName}), for the renewal guard's side-by-side view before upload. Only
 * the date is read; core parses and checks the whole file again on upload,
 * and refuses an earlier expiry itself, so a file this cannot read is safe.
 */
export function readTokenExpiry(content: string): string | null {
  try {
    const decoded: unknown = JSON.parse(atob(content.trim()));
    if (typeof decoded !== 'object' || decoded === null || !('expDate' in decoded)) return null;
    const { expDate } = decoded;
    if (typeof expDate !== 'string') return null;
    // Apple writes the offset without a colon ("+0000"), which Date does not parse everywhere.
    const date = new Date(expDate.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  } catch {
    return null;
  }
}

/** Whole days from one ISO time to another (negative when the second is earlier). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);
}
