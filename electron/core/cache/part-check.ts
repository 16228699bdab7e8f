/**
 * The shape gate for a snapshot part's rows: the same rules as the whole
 * snapshot's (file-schema.ts, which stays the reference), written as plain
 * loops. A part is read on first use on the thread that answers the window,
 * and zod took about half a second for 200,000 assignments there; this
 * takes milliseconds. Fields added by later versions pass, as there. The
 * main file's long lists (file-schema.ts) are checked the same way.
 */
import type { PartKind } from './snapshot-parts';

export type Kind = 'str' | 'nstr' | 'num' | 'bool' | 'pricing' | 'strs';
export type Rules = ReadonlyArray<readonly [string, Kind]>;

/** A deployment row, in its part file or (caches written before it had one) in the main file. */
export const DEPLOYMENT_RULES: Rules = [
  ['adamId', 'str'],
  ['clientUserId', 'str'],
  ['action', 'str'],
  ['state', 'str'],
  ['reason', 'nstr'],
  ['journalId', 'nstr'],
];

const RULES: Record<PartKind, Rules> = {
  assets: [
    ['adamId', 'str'],
    ['pricingParam', 'pricing'],
    ['productType', 'str'],
    ['supportedPlatforms', 'strs'],
    ['deviceAssignable', 'bool'],
    ['revocable', 'bool'],
    ['totalCount', 'num'],
    ['assignedCount', 'num'],
    ['availableCount', 'num'],
    ['retiredCount', 'num'],
  ],
  users: [
    ['clientUserId', 'str'],
    ['email', 'nstr'],
    ['status', 'str'],
    ['inviteCode', 'nstr'],
    ['idHash', 'nstr'],
    ['managedAppleId', 'nstr'],
  ],
  assignments: [
    ['adamId', 'str'],
    ['pricingParam', 'pricing'],
    ['clientUserId', 'nstr'],
    ['serialNumber', 'nstr'],
  ],
  deployments: DEPLOYMENT_RULES,
};

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'str':
      return typeof value === 'string';
    case 'nstr':
      return value === null || typeof value === 'string';
    case 'num':
      // zod's number() refuses NaN and accepts ±Infinity; JSON can hold neither.
      return typeof value === 'number' && !Number.isNaN(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'pricing':
      return value === 'STDQ' || value === 'PLUS';
    case 'strs':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/** The first row that does not fit, in the admin's words (`its "assignments.5.clientUserId" is not valid`), or null. */
export function partRowsProblem(collection: PartKind, rows: ReadonlyArray<Record<string, unknown>>): string | null {
  return rowsProblem(collection, rows, RULES[collection]);
}

/**
 * The same for any list of rows (the main file's deployments, journal and
 * activity too): the list, then each row, then each rule's field.
 */
export function rowsProblem(name: string, rows: unknown, rules: Rules): string | null {
  if (!Array.isArray(rows)) return `its "${name}" is not valid`;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return `its "${name}.${i}" is not valid`;
    // Indexed, not `for (const [column, kind] of rules)`: this runs once per command, mostly before the
    // JIT compiles it, and the interpreter's iterator and destructuring per field made it ~10 times slower.
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r] as Rules[number];
      const column = rule[0];
      const kind = rule[1];
      const value = (row as Record<string, unknown>)[column];
      if (fits(kind, value)) continue;
      // As zod names it: the list's first bad entry, or the field.
      const at = kind === 'strs' && Array.isArray(value) ? `.${value.findIndex((v) => typeof v !== 'string')}` : '';
      return `its "${name}.${i}.${column}${at}" is not valid`;
    }
  }
  return null;
}
