/**
 * Characters that cannot be seen but change an id: zero-width and bidi marks,
 * the soft hyphen, line and paragraph separators, the BOM, and control
 * characters other than tab, CR and LF. An id pasted from a web page or a
 * spreadsheet can carry one, and Apple would register it as a new user.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** The first invisible character in `text` and where it is, or null. */
export function findInvisible(text: string): { index: number; codePoint: string } | null {
  const m = INVISIBLE.exec(text);
  if (!m) return null;
  return { index: m.index, codePoint: `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` };
}
