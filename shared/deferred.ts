import * as z from 'zod';

/**
 * A schema built the first time something parses with it. Every process loads the whole contract, but a CLI
 * command parses one channel's request and nothing parses a result (results are typed by their schemas, not
 * checked at run time): built when the module loaded, the contract's object schemas took ~50 ms of every
 * command's start (zod builds each field's schema with its methods). The type is the built schema's.
 */
export function deferred<T extends z.ZodType>(build: () => T): z.ZodLazy<T> {
  return z.lazy(build);
}
