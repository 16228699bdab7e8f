/**
 * The single gate every transport goes through: validate the raw input
 * against the contract's schema, run the handler, wrap the result. A bad
 * request never reaches core; an error leaves as {code, message}, no stack.
 */
import { contract, isChannel, type Channel, type Envelope } from '../../shared/contract';
import { isErrorCode, toErrorPayload, VppError } from '../../shared/errors';
import type { Handlers } from './handlers';

export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'VALIDATION', message: `Unknown operation "${channel}".` } };
  }
  const parsed = contract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return { ok: false, error: { code: 'VALIDATION', message: `The request was not valid${where}: ${first?.message ?? 'invalid'}.` } };
  }
  try {
    const value = await invoke(handlers, channel, parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) };
  }
}

function invoke<C extends Channel>(handlers: Handlers, channel: C, request: unknown): Promise<unknown> {
  const handler = handlers[channel] as (req: unknown) => Promise<unknown>;
  return handler(request);
}

/** For in-process callers (CLI): unwrap or throw the VppError back. */
export async function call(handlers: Handlers, channel: Channel, raw: unknown): Promise<unknown> {
  const env = await dispatch(handlers, channel, raw);
  if (env.ok) return env.value;
  throw new VppError(isErrorCode(env.error.code) ? env.error.code : 'INTERNAL', env.error.message);
}
