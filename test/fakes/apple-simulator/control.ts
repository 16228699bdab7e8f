// HTTP control for other processes (the demo, end-to-end tests): the same
// operations as the in-process API. Loopback callers only.
import { parseFault } from './faults';
import { readBody, type Exchange } from './http';
import type { SimCore } from './core';
import type { MdmInfo, PricingParam } from './types';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

type Args = Record<string, unknown>;

function str(args: Args, key: string): string {
  const v = args[key];
  if (typeof v !== 'string' || v === '') throw new Error(`${key} must be a non-empty string`);
  return v;
}

function optStr(args: Args, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`${key} must be a string`);
  return v;
}

function optInt(args: Args, key: string): number | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${key} must be an integer`);
  return v;
}

/** Accepts ISO dates and Apple's `+0000` offsets (which Date does not parse everywhere). */
function parseDate(value: string): Date {
  const d = new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(d.getTime())) throw new Error(`invalid date: ${value}`);
  return d;
}

function mdmInfo(v: unknown): MdmInfo | null {
  if (v === null) return null;
  if (typeof v !== 'object' || v === undefined) throw new Error('info must be {id, name, metadata} or null');
  const o = v as Args;
  return { id: str(o, 'id'), name: str(o, 'name'), metadata: typeof o.metadata === 'string' ? o.metadata : '' };
}

function runAction(core: SimCore, args: Args): Record<string, unknown> {
  switch (args.action) {
    case 'acceptTerms':
      core.acceptTerms(str(args, 'clientUserId'), optStr(args, 'uId'));
      return { user: core.user(str(args, 'clientUserId'), optStr(args, 'uId')) };
    case 'buyLicenses': {
      const count = optInt(args, 'count');
      if (count === undefined) throw new Error('count is required');
      const pricingParam = (optStr(args, 'pricingParam') ?? 'STDQ') as PricingParam;
      core.buyLicenses(str(args, 'adamId'), pricingParam, count, optStr(args, 'uId'));
      return { asset: core.asset(str(args, 'adamId'), pricingParam, optStr(args, 'uId')) };
    }
    case 'revokeToken':
      core.revokeToken(str(args, 'fileContent'));
      return {};
    case 'expireToken':
      core.expireToken(str(args, 'fileContent'));
      return {};
    case 'setMdmInfo':
      core.setMdmInfo(optStr(args, 'uId'), mdmInfo(args.info !== undefined ? args.info : (args.mdmInfo ?? null)));
      return {};
    case 'setFault':
      core.faults.set(parseFault(args.fault ?? args));
      return {};
    case 'clearFaults':
      core.faults.clear();
      return {};
    case 'issueToken': {
      const exp = optStr(args, 'expDate');
      const fileContent = core.issueToken({
        uId: optStr(args, 'uId'),
        orgName: optStr(args, 'orgName'),
        expDate: exp === undefined ? undefined : parseDate(exp),
        revokeOthers: args.revokeOthers === true,
      });
      return { fileContent };
    }
    case 'addLocation':
      core.addLocation({
        uId: str(args, 'uId'),
        locationName: str(args, 'locationName'),
        orgName: optStr(args, 'orgName'),
        apps: optInt(args, 'apps'),
        users: optInt(args, 'users'),
        assignments: optInt(args, 'assignments'),
      });
      return {};
    default:
      throw new Error(`unknown action: ${String(args.action)}`);
  }
}

export async function handleControl(ex: Exchange, core: SimCore): Promise<void> {
  if (!LOOPBACK.has(ex.req.socket.remoteAddress ?? '')) {
    ex.sendJson(403, { ok: false, error: 'control is loopback-only' });
    return;
  }
  if (ex.path === '/__sim/state' && ex.method === 'GET') {
    ex.sendJson(200, core.state());
    return;
  }
  if (ex.path === '/__sim/requests' && ex.method === 'GET') {
    const limit = Math.max(0, Number(ex.query.limit ?? '1000') || 0);
    ex.sendJson(200, { requests: core.requests.slice(-limit) });
    return;
  }
  if (ex.path === '/__sim/associations' && ex.method === 'GET') {
    ex.sendJson(200, { associations: core.ledger.records });
    return;
  }
  if (ex.path !== '/__sim/control' || ex.method !== 'POST') {
    ex.sendJson(404, { ok: false, error: 'unknown control endpoint' });
    return;
  }
  try {
    const parsed: unknown = JSON.parse(await readBody(ex.req));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('body must be a JSON object');
    ex.sendJson(200, { ok: true, ...runAction(core, parsed as Args) });
  } catch (err) {
    ex.sendJson(400, { ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}
