/**
 * Typed errors of the Apple client. All extend VppError so transports carry
 * {code, message} unchanged; the extra fields are for core (sync engine,
 * journal, token state), never for display.
 */
import { ERROR_MESSAGES, VppError, type ErrorCode } from '../../../shared/errors';
import type { ErrorInfo } from './schemas';

export type TokenProblem = 'expired' | 'revoked' | 'invalid';

/** Apple's token errors: never retried, always reported to hooks.onTokenProblem. */
export const TOKEN_ERRORS: Readonly<Record<number, TokenProblem>> = {
  // "Login required": Apple did not accept the credentials at all.
  9601: 'invalid',
  9621: 'expired',
  // Not in Apple's table, but seen in the wild (inside HTTP 200) for a bad token.
  9622: 'invalid',
  9625: 'revoked',
  // Malformed Authorization header.
  9722: 'invalid',
};

export const TOKEN_PROBLEM_CODES: Readonly<Record<TokenProblem, ErrorCode>> = {
  expired: 'TOKEN_EXPIRED',
  revoked: 'TOKEN_REVOKED',
  invalid: 'TOKEN_INVALID',
};

/** Apple's "too many requests" error number. */
export const TOO_MANY_REQUESTS = 9646;
/** Apple's "invalid version ID" error number (bad sinceVersionId). */
export const INVALID_VERSION_ID = 9721;
/** Apple's "bad page index": the data shrank under a walk. */
export const BAD_PAGE_INDEX = 9650;

export interface AppleApiErrorDetails {
  /** Apple's errorNumber, or null when the reply had none (e.g. a bare 503). */
  errorNumber: number | null;
  httpStatus: number;
  errorInfo?: ErrorInfo | undefined;
  /** Apple's own errorMessage, token redacted. */
  appleMessage?: string | undefined;
  /** For APPLE_BUSY: how long Apple asked us to wait, when it said. */
  retryAfterMs?: number | undefined;
}

/** Apple answered, and the answer was an error. */
export class AppleApiError extends VppError {
  readonly errorNumber: number | null;
  readonly httpStatus: number;
  readonly errorInfo: ErrorInfo | undefined;
  readonly appleMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, details: AppleApiErrorDetails) {
    super(code, message);
    this.name = 'AppleApiError';
    this.errorNumber = details.errorNumber;
    this.httpStatus = details.httpStatus;
    this.errorInfo = details.errorInfo;
    this.appleMessage = details.appleMessage;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * Apple could not be reached, or its answer was lost or unreadable.
 * `mayHaveReachedApple` is the flag the write journal needs: when true, a
 * POST may have been accepted and the caller must reconcile (read back the
 * assignments/users) instead of sending it again.
 */
export class AppleUnreachableError extends VppError {
  readonly mayHaveReachedApple: boolean;
  /** A short technical reason (e.g. "timeout", "ECONNRESET"); never contains the token. */
  readonly reason: string;

  /** `write`: the request changes something at Apple, so its fate is worth saying. */
  constructor(reason: string, mayHaveReachedApple: boolean, write = true) {
    super(
      'APPLE_UNREACHABLE',
      mayHaveReachedApple && write
        ? `${ERROR_MESSAGES.APPLE_UNREACHABLE} (${reason}; the change may or may not have reached Apple.)`
        : `${ERROR_MESSAGES.APPLE_UNREACHABLE} (${reason}.)`,
    );
    this.name = 'AppleUnreachableError';
    this.reason = reason;
    this.mayHaveReachedApple = mayHaveReachedApple;
  }
}

export function isAppleError(err: unknown, errorNumber: number): err is AppleApiError {
  return err instanceof AppleApiError && err.errorNumber === errorNumber;
}
