/**
 * The single gate every transport goes through: validate the raw input
 * against the contract's schema, run the handler, wrap the result. A bad
 * request never reaches core; an error leaves as {code, message}, no stack.
 */
import {
  contract,
  isChannel,
  type Channel,
  type Envelope,
  type RequestOf,
  type ResultOf,
} from '../../../shared/contract';
import { isErrorCode, toErrorPayload, VppError } from '../../../shared/errors';
import { redactDeep } from '../base';
import type { Handlers } from './handlers';

/** For transports that receive a channel name from outside (IPC, preview host). */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'VALIDATION', message: `Unknown operation "${channel}".` } };
  }
  return run(handlers, channel, raw);
}

async function run<C extends Channel>(handlers: Handlers, channel: C, raw: unknown): Promise<Envelope<ResultOf<C>>> {
  const parsed = contract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return {
      ok: false,
      error: { code: 'VALIDATION', message: `The request was not valid${where}: ${first?.message ?? 'invalid'}.` },
    };
  }
  try {
    // TypeScript cannot correlate handlers[C] with contract[C]'s parsed type; the schema just checked it.
    const handler = handlers[channel] as (req: unknown) => Promise<ResultOf<C>>;
    // Everything that leaves for a transport (window, CLI, preview) passes the redaction.
    return { ok: true, value: redacted(channel, await handler(parsed.data)) };
  } catch (err) {
    return { ok: false, error: redactDeep(toErrorPayload(err)) };
  }
}

/**
 * A result, redacted. A CSV export's text is made of cells that each passed the redaction as they were made
 * (views/csv.ts), joined by commas, quotes and line breaks, none of which the token's forms (Base64,
 * URL-encoded) or the credential patterns run across: the joined text is not scanned again. Scanned whole, in
 * one call, a million deployment rows (124 MB of CSV) held the window's thread 1.8 s once the token was known.
 */
function redacted<C extends Channel>(channel: C, value: ResultOf<C>): ResultOf<C> {
  if (channel !== 'export:csv') return redactDeep(value);
  const { csv, ...rest } = value as ResultOf<'export:csv'>;
  return { ...redactDeep(rest), csv } as ResultOf<C>;
}

/**
 * Typed in-process calls (CLI, tests): the request is still validated like
 * any other transport's, the result comes back typed, an error is thrown
 * back as the VppError it was.
 */
export async function call<C extends Channel>(
  handlers: Handlers,
  channel: C,
  request: RequestOf<C>,
): Promise<ResultOf<C>> {
  const env = await run(handlers, channel, request);
  if (env.ok) return env.value;
  throw new VppError(isErrorCode(env.error.code) ? env.error.code : 'INTERNAL', env.error.message);
}
