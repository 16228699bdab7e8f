// The HTTP front: request log, injected faults, rate limit, authentication,
// then the route. Order matters: faults model the network and Apple's load
// shedding, which happen before Apple ever looks at the token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handleControl } from './control';
import { ApiError, errorBody, httpStatusFor } from './errors';
import { OVER_LIMIT_HEADER } from './front-thread';
import { Exchange, readJson } from './http';
import { getAssets } from './routes/assets';
import { getAssignments } from './routes/assignments';
import { getClientConfig, postClientConfig } from './routes/client-config';
import { ARTWORK_PREFIX, artwork, invitation, lookup } from './routes/lookup';
import { postAssociate, postDisassociate, postRevoke } from './routes/manage-assets';
import { postCreateUsers, postRetireUsers, postUpdateUsers } from './routes/manage-users';
import { INVITATION_PATH, LOOKUP_PATH, serviceConfig } from './routes/service-config';
import { getStatus } from './routes/status';
import { getUsers } from './routes/users';
import { formatAppleDate } from './tokens';
import type { SimCore } from './core';
import type { AuthedHandler } from './routes/context';

type Method = 'GET' | 'POST';
type PublicHandler = (ex: Exchange, core: SimCore) => void;

const AUTHED: Record<string, Partial<Record<Method, AuthedHandler>>> = {
  '/mdm/v2/client/config': { GET: getClientConfig, POST: postClientConfig },
  '/mdm/v2/assets': { GET: getAssets },
  '/mdm/v2/users': { GET: getUsers },
  '/mdm/v2/assignments': { GET: getAssignments },
  '/mdm/v2/assets/associate': { POST: postAssociate },
  '/mdm/v2/assets/disassociate': { POST: postDisassociate },
  '/mdm/v2/assets/revoke': { POST: postRevoke },
  '/mdm/v2/users/create': { POST: postCreateUsers },
  '/mdm/v2/users/update': { POST: postUpdateUsers },
  '/mdm/v2/users/retire': { POST: postRetireUsers },
  '/mdm/v2/status': { GET: getStatus },
};

/** The paths a token's rate limit counts (the front thread counts the same ones). */
export const COUNTED_PATHS = Object.keys(AUTHED);

const PUBLIC: Record<string, Partial<Record<Method, PublicHandler>>> = {
  '/mdm/v2/service/config': { GET: (ex, core) => ex.sendJson(200, serviceConfig(core.origin)) },
  [LOOKUP_PATH]: { GET: lookup },
  [INVITATION_PATH]: { GET: invitation },
};

function retryAfterHeader(v: number | string | undefined): Record<string, string> {
  if (v === '') return {}; // an explicit empty value sends no header at all
  return { 'retry-after': String(v ?? 1) };
}

function sendError(ex: Exchange, err: unknown): void {
  if (err instanceof ApiError) {
    // errorMessage stays Apple's (it maps 1:1 to errorNumber); our detail goes in a header.
    const headers: Record<string, string> = err.detail === undefined ? {} : { 'x-simulator-detail': err.detail };
    ex.sendJson(httpStatusFor(err.errorNumber), errorBody(err.errorNumber), headers);
  } else {
    ex.sendJson(500, errorBody(9603), { 'x-simulator-detail': String(err).slice(0, 200) });
  }
}

async function applyFault(ex: Exchange, core: SimCore): Promise<boolean> {
  const fault = core.faults.take(ex.target);
  if (fault === undefined) return false;
  switch (fault.kind) {
    case 'slow':
      await core.sleep(fault.delayMs);
      return core.closed;
    case 'drop':
      ex.drop();
      return true;
    case 'truncate':
      ex.truncate = true;
      return false;
    case 'rate-limit':
      ex.sendJson(429, errorBody(9646), retryAfterHeader(fault.retryAfter));
      return true;
    case 'server-error':
      ex.sendJson(fault.status ?? 503, errorBody(9603), retryAfterHeader(fault.retryAfter));
      return true;
    case 'error-200':
      ex.sendJson(200, errorBody(fault.errorNumber));
      return true;
    case 'revoke-after':
      return false; // handled after authentication
    case 'echo-auth': {
      const quote = quoteAuthorization(ex.req.headers.authorization);
      if (fault.in === 'event') {
        ex.echoInEvent = quote;
        return false;
      }
      ex.sendJson(400, { errorNumber: 9602, errorMessage: `Invalid argument. ${quote}` });
      return true;
    }
  }
}

/** What a careless server (or proxy) says about the header it rejected: whole, URL-encoded, and a piece of it. */
function quoteAuthorization(header: string | undefined): string {
  const value = header ?? '';
  return `Rejected "Authorization: ${value}" (encoded ${encodeURIComponent(value)}; excerpt ${value.slice(20, 60)}).`;
}

async function handle(core: SimCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const control = (req.url ?? '').startsWith('/__sim/');
  const ex = new Exchange(req, res, core.origin, control ? undefined : (e) => core.logRequest(e));
  try {
    if (control) await handleControl(ex, core);
    else await route(core, ex);
  } catch (err) {
    // An Exchange answers at most once, so an error after a send is dropped.
    if (!ex.finished) sendError(ex, err);
  }
}

async function route(core: SimCore, ex: Exchange): Promise<void> {
  const req = ex.req;
  // Apple counts a request when it arrives; the network's round trip (latency) follows.
  const header = req.headers.authorization;
  const counted = AUTHED[ex.path] !== undefined;
  const overLimit = core.opts.limitAtFrontThread
    ? counted && req.headers[OVER_LIMIT_HEADER] === '1'
    : core.limiter !== undefined &&
      counted &&
      !core.limiter.allow(header ?? req.socket.remoteAddress ?? '', Date.now());
  if (core.latency !== undefined) {
    await core.sleep(core.latency.next());
    if (core.closed) return;
  }
  if (await applyFault(ex, core)) return;

  const method = ex.method as Method;
  const pub = PUBLIC[ex.path];
  if (pub !== undefined || ex.path.startsWith(ARTWORK_PREFIX)) {
    const h = pub === undefined ? (method === 'GET' ? artwork : undefined) : pub[method];
    if (h === undefined) ex.sendJson(405, errorBody(9726));
    else h(ex, core);
    return;
  }
  const route = AUTHED[ex.path];
  if (route === undefined) {
    ex.sendJson(
      404,
      { errorNumber: 9602, errorMessage: 'Invalid argument.' },
      { 'x-simulator-detail': `no endpoint ${ex.path}` },
    );
    return;
  }
  const handler = route[method];
  if (handler === undefined) {
    ex.sendJson(405, errorBody(9726));
    return;
  }
  if (overLimit) {
    ex.sendJson(429, errorBody(9646), { 'retry-after': '1' });
    return;
  }
  const auth = core.tokens.authenticate(header, Date.now());
  if (!auth.ok) {
    ex.sendJson(httpStatusFor(auth.errorNumber), errorBody(auth.errorNumber));
    return;
  }
  if (core.faults.revokeNow(ex.target)) {
    core.tokens.revokeRec(auth.rec);
    ex.sendJson(httpStatusFor(9625), errorBody(9625));
    return;
  }
  const loc = core.locations.get(auth.rec.uId);
  if (loc === undefined) {
    ex.sendJson(200, errorBody(9622));
    return;
  }
  const body = method === 'POST' ? await readJson(ex) : undefined;
  // A client killed while its request was held before Apple acted on it: Apple never got it.
  if ((await core.holds.gate('received', ex.path, body, req.socket)) && req.socket.destroyed) return;
  const result = handler({ ex, core, loc, body });
  await core.holds.gate('answered', ex.path, result, req.socket);
  ex.sendJson(200, { ...result, ...loc.envelope(formatAppleDate(auth.rec.expDate)) });
}

export function createSimServer(core: SimCore): Server {
  const server = createServer((req, res) => {
    void handle(core, req, res);
  });
  // Keep-alive like Apple's front ends; close() ends idle sockets explicitly.
  server.keepAliveTimeout = 5000;
  return server;
}
