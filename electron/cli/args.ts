/** Argument parsing for the CLI (node:util parseArgs), with usage errors as exit 2. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './output';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(
  args: string[],
  options: Options,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? (err.message.split('\n')[0] ?? 'Bad arguments.') : 'Bad arguments.');
  }
}

export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A flag whose value must be one of a contract enum's: the typed value, or
 * undefined when the flag is absent. Checked here only to name the flag in
 * the message; the contract checks the request again like any transport's.
 */
export function choice<T extends string>(
  value: string | boolean | undefined,
  flag: string,
  options: readonly T[],
  hint = '',
): T | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const found = options.find((o) => o === text);
  if (found === undefined) throw new UsageError(`--${flag} must be ${orList(options)}.${hint ? ` ${hint}` : ''}`);
  return found;
}

function orList(options: readonly string[]): string {
  return options.length <= 2 ? options.join(' or ') : `one of ${options.join(', ')}`;
}
