// What an authenticated route handler receives. Handlers return the
// endpoint-specific body; the server adds uId, tokenExpirationDate and
// mdmInfo, and turns a thrown ApiError into an ErrorResponse.
import type { SimCore } from '../core';
import type { Exchange } from '../http';
import type { Location } from '../location';

export interface AuthedCtx {
  ex: Exchange;
  core: SimCore;
  loc: Location;
  /** Parsed JSON body for POST routes, undefined for GET. */
  body: unknown;
}

export type AuthedHandler = (c: AuthedCtx) => Record<string, unknown>;
