// Injected faults: the ways Apple's service (or the network in between)
// misbehaves, queued by tests and consumed by matching requests.
import type { Fault } from './types';

interface Armed {
  fault: Fault;
  /** Remaining firings; Infinity until cleared. For revoke-after: requests still allowed. */
  remaining: number;
}

export class FaultQueue {
  private armed: Armed[] = [];
  /** Faults fired so far, so a test can check its fault happened rather than assume it. */
  fired = 0;

  set(fault: Fault): void {
    const f = parseFault(fault);
    const count = f.count ?? 1;
    const remaining = f.kind === 'revoke-after' ? f.requests : count < 0 ? Infinity : count;
    this.armed.push({ fault: f, remaining });
  }

  clear(): void {
    this.armed = [];
  }

  get size(): number {
    return this.armed.length;
  }

  /** The first armed fault (other than revoke-after) matching `url`, consumed once. */
  take(url: string): Fault | undefined {
    const i = this.armed.findIndex((a) => a.fault.kind !== 'revoke-after' && matches(a.fault, url) && a.remaining > 0);
    const hit = this.armed[i];
    if (hit === undefined) return undefined;
    hit.remaining--;
    if (hit.remaining <= 0) this.armed.splice(i, 1);
    this.fired++;
    return hit.fault;
  }

  /**
   * Called for each authenticated request. True when a revoke-after fault has
   * let its N requests through and this one must find its token revoked.
   */
  revokeNow(url: string): boolean {
    const i = this.armed.findIndex((a) => a.fault.kind === 'revoke-after' && matches(a.fault, url));
    const hit = this.armed[i];
    if (hit === undefined) return false;
    if (hit.remaining > 0) {
      hit.remaining--;
      return false;
    }
    this.armed.splice(i, 1);
    this.fired++;
    return true;
  }
}

function matches(f: Fault, url: string): boolean {
  return f.match === undefined || url.includes(f.match);
}

/** Validates a fault coming from JSON (control endpoint) or from code. */
export function parseFault(input: unknown): Fault {
  if (typeof input !== 'object' || input === null) throw new Error('fault must be an object');
  const o = input as Record<string, unknown>;
  const base: { match?: string; count?: number } = {};
  if (o.match !== undefined) {
    if (typeof o.match !== 'string') throw new Error('fault.match must be a string');
    base.match = o.match;
  }
  if (o.count !== undefined && o.count !== null) {
    if (typeof o.count !== 'number' || Number.isNaN(o.count)) throw new Error('fault.count must be a number');
    base.count = o.count;
  }
  const retryAfter = (): { retryAfter?: number | string } => {
    if (o.retryAfter === undefined) return {};
    if (typeof o.retryAfter !== 'number' && typeof o.retryAfter !== 'string')
      throw new Error('retryAfter must be a number or string');
    return { retryAfter: o.retryAfter };
  };
  const num = (key: string): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw new Error(`fault.${key} must be a non-negative number`);
    return v;
  };
  switch (o.kind) {
    case 'rate-limit':
      return { ...base, kind: 'rate-limit', ...retryAfter() };
    case 'server-error': {
      const status = o.status === undefined ? undefined : num('status');
      if (status !== undefined && (status < 500 || status > 599)) throw new Error('server-error status must be 5xx');
      return { ...base, kind: 'server-error', ...(status === undefined ? {} : { status }), ...retryAfter() };
    }
    case 'slow':
      return { ...base, kind: 'slow', delayMs: num('delayMs') };
    case 'drop':
      return { ...base, kind: 'drop' };
    case 'truncate':
      return { ...base, kind: 'truncate' };
    case 'error-200':
      return { ...base, kind: 'error-200', errorNumber: num('errorNumber') };
    case 'revoke-after':
      return { ...base, kind: 'revoke-after', requests: num('requests') };
    case 'echo-auth': {
      if (o.in !== undefined && o.in !== 'body' && o.in !== 'event')
        throw new Error("fault.in must be 'body' or 'event'");
      return { ...base, kind: 'echo-auth', ...(o.in === undefined ? {} : { in: o.in }) };
    }
    default:
      throw new Error(`unknown fault kind: ${String(o.kind)}`);
  }
}
