/**
 * CLI output rules: results to stdout, one-line messages to stderr, exit codes 0/1/2.
 * Everything printed passes core's redaction: a terminal is scrolled back, logged and pasted into tickets.
 */
import { messageOf, VppError, type ErrorCode } from '../../shared/errors';
import { redact, redactedJson } from '../core/base';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** Codes that mean "you gave me something wrong", not "the operation failed". */
const BAD_INPUT: ReadonlySet<ErrorCode> = new Set([
  'VALIDATION',
  'TOKEN_MALFORMED',
  'ACCOUNT_LOCK_NOT_ACCEPTED',
  'TOKEN_EXPIRES_SOONER',
  'UNKNOWN_APP',
  'BAD_CONFIG',
]);

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof VppError && BAD_INPUT.has(err.code)) return EXIT_USAGE;
  return EXIT_FAILED;
}

export function messageFor(err: unknown): string {
  return redact(oneLine(err instanceof UsageError ? err.message : messageOf(err)));
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${redactedJson(value, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(`${redact(lines.join('\n'))}\n`);
}

/** Text printed as is (a CSV file), redacted like everything else. */
export function printText(text: string): void {
  process.stdout.write(redact(text));
}
