/**
 * Made on first use: a number format loads ICU's locale data (~10 ms), which
 * every CLI command paid at start-up, counts to print or not.
 */
let numbers: Intl.NumberFormat | null = null;

/** Admin-facing counts read as sentences: "1 user", "3 users", "1,200 licenses". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  numbers ??= new Intl.NumberFormat('en-US');
  return `${numbers.format(n)} ${n === 1 ? singular : plural}`;
}

/** What a journaled write did, in words. */
export const KIND_WORDS = {
  associate: 'license assignment',
  disassociate: 'license reclaim',
  'create-users': 'user invitation',
  revoke: 'license revoke',
  'retire-users': 'user retirement',
} as const;
