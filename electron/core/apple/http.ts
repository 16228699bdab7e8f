/**
 * One HTTP exchange with Apple, with everything real clients got wrong:
 *
 * - The body of EVERY response is read and checked: Apple sends errors such
 *   as 9622 inside HTTP 200.
 * - Token errors are never retried and are reported to onTokenProblem.
 * - 429/9646 and 5xx are retried with backoff honouring Retry-After; a
 *   Retry-After longer than maxBackoffMs ends the call at once with
 *   APPLE_BUSY (carrying retryAfterMs) instead of retrying early, which Apple
 *   says can lengthen the block. A 429/9646 also slows the token's whole
 *   rate limiter (AIMD, see rate-limit.ts); each success speeds it back up.
 * - Network failures, timeouts and unreadable bodies are retried for
 *   idempotent requests only. A write (POST) that may have reached Apple is
 *   NEVER resent: it fails with AppleUnreachableError{mayHaveReachedApple:
 *   true} so the caller's journal reconciles. A write is resent only when
 *   Apple certainly did not act on it: the connection was never made, or
 *   Apple answered 429/503 or with a synchronous error body ("synchronous
 *   failures result in no asynchronous processing").
 * - Cancellation: an idempotent request follows the caller's AbortSignal at
 *   any point. A write follows it until it is sent and between retries; once
 *   sent it runs to its end (bounded by timeoutMs) so its outcome is known.
 *   An abort rejects with the signal's reason, unchanged.
 * - A 200 reply may be parsed and checked elsewhere (spec.offload: a sync's
 *   worker thread keeps a page's rows); what comes back is read here as any
 *   reply is, and a body that was not a clean page comes back as text.
 * - The token is read per attempt and never put into any error: Apple's
 *   messages are redacted, and network errors are reduced to a short code.
 *
 * The per-attempt timeout uses a real timer, not the Clock: it bounds real
 * I/O, and a fake Clock that skips sleeps would otherwise fire it at once.
 */
import { ERROR_MESSAGES, VppError } from '../../../shared/errors';
import { redact, rememberSecret, type Clock } from '../base';
import { backoffDelay, parseRetryAfter } from './backoff';
import { BodyEncodingError } from './body-encoding';
import {
  AppleApiError,
  AppleUnreachableError,
  TOKEN_ERRORS,
  TOKEN_PROBLEM_CODES,
  TOO_MANY_REQUESTS,
  type TokenProblem,
} from './errors';
import { ErrorResponseSchema, type ErrorResponse } from './schemas';
import { tokenDestinationProblem } from './token-destination';
import type { WireFetch, WireResponse } from './connect-fetch';
import type { MdmGuard } from './mdm-guard';
import type { Grant, RateLimiter } from './rate-limit';
import type { Semaphore } from './semaphore';
import type * as z from 'zod';

/** Apple's "Internal error." (documented with HTTP 500): worth a retry wherever it comes. */
const INTERNAL_ERROR = 9603;

/** Failures where the connection was never made: the request cannot have reached Apple. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export type Auth = 'bearer' | 'cookie' | 'none';
export type QueryValue = string | number | boolean | undefined;

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** A path under baseUrl ("/assets") or an absolute URL (content lookup). */
  url: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** bearer: Authorization header; cookie: Apple's `itvt` cookie (content lookup). */
  auth: Auth;
  schema: S;
  /** Sending it twice cannot apply a change twice (GETs, setting client config). */
  idempotent: boolean;
  /** false for the store lookup service: it speaks no VPP errors and carries no mdmInfo. */
  vpp?: boolean;
  signal?: AbortSignal | undefined;
  /** Whose rate budget the request draws on; default the client's (the store lookup service has its own). */
  limiter?: RateLimiter | undefined;
  /**
   * Where a 200 reply's body is parsed and checked instead of here (a sync's
   * worker thread, see Offloaded): the body is handed over unread.
   */
  offload?: ((body: ArrayBuffer) => Promise<Offloaded>) | undefined;
}

/**
 * What an offloaded body came back as. `json`: it parsed and passed the
 * schema there; this is its JSON with the rows taken out (kept there), read
 * here like any reply (mdmInfo, errors, paging). `text`: it did not (an
 * error inside HTTP 200, a cut or mangled body): the body as text, read
 * here the usual way, so every failure reads exactly as before.
 */
export type Offloaded = { json: unknown } | { text: string };

export interface HttpDeps {
  baseUrl: string;
  token: () => Promise<string>;
  clock: Clock;
  fetch: WireFetch;
  /** The response phase: from sending the request to the end of the reply. */
  timeoutMs: number;
  /**
   * A failure to connect (refused, DNS, connect timeout) is retried only
   * while this much time has passed since the call's first attempt: such a
   * failure is told within seconds, not after the whole backoff ladder.
   */
  unreachableWithinMs?: number;
  /** The connect timeout `fetch` applies, named in the message when it fires. */
  connectTimeoutMs?: number;
  maxRetries: number;
  maxBackoffMs: number;
  limiter: RateLimiter;
  slots: Semaphore;
  mdm: MdmGuard;
  onTokenProblem?: ((state: TokenProblem) => void) | undefined;
  random?: () => number;
}

type Attempt<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      error: VppError;
      retryAfterMs?: number | undefined;
      throttled?: boolean;
      transport?: TransportKind;
    };

interface Exchange {
  status: number;
  headers: WireResponse['headers'];
  text: string;
  /** Set when the body was offloaded and parsed elsewhere (RequestSpec.offload). */
  json?: { value: unknown };
  /** A 200 body to offload, not yet read. */
  body?: ArrayBuffer;
}

/** Internal: the exchange failed below HTTP. */
class TransportFailure {
  constructor(
    readonly reason: string,
    readonly mayHaveReachedApple: boolean,
    /** not-connected: no connection was made; silent: connected, no reply in time; dropped: cut mid-way. */
    readonly kind: TransportKind,
  ) {}
}

type TransportKind = 'not-connected' | 'silent' | 'dropped';

/** Default for HttpDeps.unreachableWithinMs: a refusal is told within 10 s. */
const UNREACHABLE_WITHIN_MS = 8_000;
/** Longest wait between two connection attempts. */
const MAX_CONNECT_BACKOFF_MS = 2_000;

/** System error codes in the words of a one-line message. */
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the server name could not be found (DNS)',
  EAI_AGAIN: 'the server name could not be looked up (DNS)',
  EAI_NONAME: 'the server name could not be found (DNS)',
  EHOSTUNREACH: 'no route to the server',
  ENETUNREACH: 'no network',
  ECONNRESET: 'the connection was reset',
};

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

export class AppleHttp {
  private readonly baseUrl: string;

  constructor(private readonly deps: HttpDeps) {
    this.baseUrl = deps.baseUrl.replace(/\/+$/, '');
  }

  async request<S extends z.ZodType>(spec: RequestSpec<S>): Promise<z.output<S>> {
    const { clock, maxRetries, maxBackoffMs } = this.deps;
    const startedAt = clock.now().getTime();
    let silences = 0;
    for (let attempt = 0; ; attempt++) {
      this.deps.mdm.assertRunning();
      spec.signal?.throwIfAborted();
      const outcome = await this.attempt(spec);
      const limiter = spec.limiter ?? this.deps.limiter;
      if (outcome.ok) {
        limiter.succeeded();
        return outcome.value;
      }
      const wait = outcome.retryAfterMs;
      const honoured = wait !== undefined && wait <= maxBackoffMs ? wait : undefined;
      // Every call on this token slows down, not just this one: Apple counts them all.
      if (outcome.throttled) limiter.throttled(honoured);
      else if (honoured !== undefined) limiter.pauseUntil(clock.now().getTime() + honoured);
      if (attempt >= maxRetries) throw outcome.error;
      if (wait !== undefined && wait > maxBackoffMs) throw outcome.error;
      let delay = wait ?? backoffDelay(attempt, maxBackoffMs, this.deps.random);
      // Honest network failures: nobody answering is told fast; retries are for what retrying fixes.
      if (outcome.transport === 'not-connected') {
        delay = Math.min(delay, MAX_CONNECT_BACKOFF_MS);
        const budget = this.deps.unreachableWithinMs ?? UNREACHABLE_WITHIN_MS;
        if (clock.now().getTime() - startedAt + delay > budget) throw outcome.error;
      }
      // A silent server gets one more chance (a new connection may reach a healthy one), not four.
      if (outcome.transport === 'silent' && ++silences > 1) throw outcome.error;
      await clock.sleep(delay, spec.signal);
    }
  }

  private async attempt<S extends z.ZodType>(spec: RequestSpec<S>): Promise<Attempt<z.output<S>>> {
    const token = spec.auth === 'none' ? undefined : (await this.deps.token()).trim();
    // Known before it is sent: whatever quotes it back (Apple, a proxy) is redacted on every way out.
    rememberSecret(token);
    const release = await this.deps.slots.acquire(spec.signal);
    try {
      const grant = await (spec.limiter ?? this.deps.limiter).acquire(spec.signal);
      // Last point where an abort stops a write: nothing has been sent yet.
      spec.signal?.throwIfAborted();
      let exchange: Exchange;
      try {
        exchange = await this.send(spec, token, grant);
      } catch (err) {
        if (!(err instanceof TransportFailure)) throw err;
        const error = new AppleUnreachableError(err.reason, err.mayHaveReachedApple, spec.method !== 'GET');
        if (!spec.idempotent && err.mayHaveReachedApple) throw error;
        return { ok: false, error, transport: err.kind };
      }
      if (exchange.body && spec.offload) {
        // Not in send(): a worker that failed is not a dropped connection to retry.
        const offloaded = await spec.offload(exchange.body);
        exchange =
          'json' in offloaded ? { ...exchange, json: { value: offloaded.json } } : { ...exchange, ...offloaded };
      }
      this.deps.mdm.assertRunning(); // another request may have seen a new MDM meanwhile
      return this.interpret(spec, exchange);
    } finally {
      release();
    }
  }

  private async send(spec: RequestSpec<z.ZodType>, token: string | undefined, grant: Grant): Promise<Exchange> {
    const url = this.urlFor(spec);
    // The token goes to Apple over HTTPS or to a loopback server only, wherever the URL came from.
    const problem = token ? tokenDestinationProblem(url) : null;
    if (problem !== null) {
      throw new VppError('BAD_CONFIG', `VPP Desk will not send the VPP token to ${new URL(url).origin}: ${problem}.`);
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token && spec.auth === 'bearer') headers.Authorization = `Bearer ${token}`;
    if (token && spec.auth === 'cookie') headers.Cookie = `itvt=${token}`;
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.deps.timeoutMs);
    // Writes in flight do not follow the caller's abort (see header comment).
    const caller = spec.idempotent ? spec.signal : undefined;
    const onAbort = () => controller.abort(caller?.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    let responded = false;
    try {
      const res = await this.deps.fetch(url, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
        // Never follow a redirect: it would carry the token somewhere else.
        redirect: 'manual',
        // The limiter counts the request from when it really leaves (see rate-limit.ts).
        onWire: () => grant.onWire(),
      });
      responded = true;
      if (spec.offload && res.status === 200)
        return { status: 200, headers: res.headers, text: '', body: await res.arrayBuffer() };
      const text = await res.text();
      return { status: res.status, headers: res.headers, text };
    } catch (err) {
      if (caller?.aborted) throw caller.reason;
      if (timedOut) throw new TransportFailure(`no reply within ${duration(this.deps.timeoutMs)}`, true, 'silent');
      if (err instanceof BodyEncodingError) throw new TransportFailure(err.message, true, 'dropped');
      if (responded) throw new TransportFailure('the connection dropped while reading the reply', true, 'dropped');
      const code = errorCode(err);
      const notSent = code !== undefined && NOT_SENT_CODES.has(code);
      const reason = code === 'UND_ERR_CONNECT_TIMEOUT' ? this.connectTimeoutText() : (REASONS[code ?? ''] ?? code);
      throw new TransportFailure(reason ?? 'network error', !notSent, notSent ? 'not-connected' : 'dropped');
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    }
  }

  private connectTimeoutText(): string {
    const ms = this.deps.connectTimeoutMs;
    return ms === undefined ? 'no connection within the connect timeout' : `no connection within ${duration(ms)}`;
  }

  private interpret<S extends z.ZodType>(spec: RequestSpec<S>, ex: Exchange): Attempt<z.output<S>> {
    const { status } = ex;
    const vpp = spec.vpp !== false;
    const json = ex.json ? ex.json.value : parseJson(ex.text);
    const retryAfterMs = parseRetryAfter(ex.headers.get('retry-after'), this.deps.clock.now());

    if (vpp && json !== undefined) this.deps.mdm.check(json);

    // Cheap test first: a failed safeParse builds a ZodError, and this runs on every page.
    const mayBeError = vpp && typeof json === 'object' && json !== null && 'errorNumber' in json;
    const appleError = mayBeError ? ErrorResponseSchema.safeParse(json) : undefined;
    if (appleError?.success) return this.fromAppleError(status, appleError.data, retryAfterMs);

    if (vpp && (status === 401 || status === 403)) throw this.tokenError('invalid', status, null, undefined);
    if (status === 429) return { ok: false, error: busy(status, null, retryAfterMs), retryAfterMs, throttled: true };
    if (status >= 500) {
      // Without Apple's error body a 5xx write is ambiguous (a gateway may have
      // timed out while Apple worked on it), except 503: "not processed".
      if (!spec.idempotent && status !== 503) throw new AppleUnreachableError(`HTTP ${status}`, true);
      return { ok: false, error: busy(status, null, retryAfterMs), retryAfterMs };
    }
    if (status >= 300 && status < 400) {
      throw new AppleApiError(
        'APPLE_ERROR',
        `${ERROR_MESSAGES.APPLE_ERROR} (HTTP ${status}: a redirect, which VPP Desk does not follow.)`,
        {
          errorNumber: null,
          httpStatus: status,
        },
      );
    }
    if (status >= 400) {
      throw new AppleApiError('APPLE_ERROR', `${ERROR_MESSAGES.APPLE_ERROR} (HTTP ${status}.)`, {
        errorNumber: null,
        httpStatus: status,
      });
    }

    // 2xx from here on.
    if (json === undefined) {
      const error = new AppleUnreachableError('the reply was cut short or was not JSON', true);
      if (!spec.idempotent) throw error;
      return { ok: false, error };
    }
    const parsed = spec.schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    // Apple accepted a write but we cannot read its eventId: outcome unknown.
    if (!spec.idempotent) throw new AppleUnreachableError('the reply to a change was not understood', true);
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
    throw new AppleApiError(
      'APPLE_ERROR',
      `${ERROR_MESSAGES.APPLE_ERROR} (The reply had an unexpected shape at "${where}".)`,
      {
        errorNumber: null,
        httpStatus: status,
      },
    );
  }

  private fromAppleError(status: number, body: ErrorResponse, retryAfterMs: number | undefined): Attempt<never> {
    const n = body.errorNumber;
    const problem = TOKEN_ERRORS[n];
    const appleMessage = body.errorMessage === undefined ? undefined : redact(body.errorMessage);
    if (problem) throw this.tokenError(problem, status, n, appleMessage);
    // Synchronous failures do no processing at Apple, so these are safe to resend, writes included.
    if (n === TOO_MANY_REQUESTS || status === 429 || status >= 500 || n === INTERNAL_ERROR) {
      const throttled = n === TOO_MANY_REQUESTS || status === 429;
      return { ok: false, error: busy(status, n, retryAfterMs, appleMessage), retryAfterMs, throttled };
    }
    const text = appleMessage ? `Apple returned error ${n}: ${appleMessage}` : `Apple returned error ${n}.`;
    throw new AppleApiError('APPLE_ERROR', text, {
      errorNumber: n,
      httpStatus: status,
      errorInfo: body.errorInfo,
      appleMessage,
    });
  }

  private tokenError(
    problem: TokenProblem,
    status: number,
    n: number | null,
    appleMessage: string | undefined,
  ): AppleApiError {
    try {
      this.deps.onTokenProblem?.(problem);
    } catch {
      // A failing hook must not hide the token error itself.
    }
    const code = TOKEN_PROBLEM_CODES[problem];
    const suffix = n === null ? ` (HTTP ${status}.)` : ` (Apple error ${n}.)`;
    return new AppleApiError(code, ERROR_MESSAGES[code] + suffix, { errorNumber: n, httpStatus: status, appleMessage });
  }

  private urlFor(spec: RequestSpec<z.ZodType>): string {
    const url = new URL(/^https?:\/\//i.test(spec.url) ? spec.url : this.baseUrl + spec.url);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function busy(
  status: number,
  n: number | null,
  retryAfterMs: number | undefined,
  appleMessage?: string,
): AppleApiError {
  const what = n === null ? `HTTP ${status}` : `Apple error ${n}`;
  return new AppleApiError('APPLE_BUSY', `${ERROR_MESSAGES.APPLE_BUSY} (${what}.)`, {
    errorNumber: n,
    httpStatus: status,
    appleMessage,
    retryAfterMs,
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The system error code behind fetch's generic "fetch failed", if any. */
function errorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if ('code' in e && typeof e.code === 'string') return e.code;
    if ('cause' in e) queue.push(e.cause);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
  }
  return undefined;
}
