/** CLI output rules: results to stdout, one-line messages to stderr, exit codes 0/1/2. */
import { messageOf, VppError, type ErrorCode } from '../../shared/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** Codes that mean "you gave me something wrong", not "the operation failed". */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set([
  'VALIDATION',
  'TOKEN_MALFORMED',
  'ACCOUNT_LOCK_NOT_ACCEPTED',
  'UNKNOWN_APP',
]);

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof VppError && BAD_INPUT.has(err.code)) return EXIT_USAGE;
  return EXIT_FAILED;
}

export function messageFor(err: unknown): string {
  return oneLine(err instanceof UsageError ? err.message : messageOf(err));
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}
