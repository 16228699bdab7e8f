/**
 * Error codes with the sentence an admin reads. Core throws VppError with one
 * of these codes; every transport carries {code, message} across unchanged.
 */
export const ERROR_MESSAGES = {
  VALIDATION: 'The request was not valid.',
  TOKEN_MALFORMED:
    'This file is not a valid VPP token. Download the .vpptoken again from Apple Business Manager or Apple School Manager.',
  TOKEN_EXPIRED:
    'This token has expired. Download a new token from Apple Business Manager (Settings > Payments and Billing).',
  TOKEN_REVOKED: 'Apple has revoked this token. Download a new token from Apple Business Manager and upload it here.',
  TOKEN_INVALID:
    'Apple says this token is invalid. Download a new token from Apple Business Manager and upload it here.',
  TOKEN_IN_USE:
    'This token is already used by another product. Generate a new token in Apple Business Manager for VPP Desk.',
  ACCOUNT_MISMATCH:
    'This token belongs to a different Apple account or location than the one this install is bound to.',
  TOKEN_EXPIRES_SOONER:
    'The new token expires sooner than the one installed. Confirm to replace it anyway, or download a newer token.',
  ACCOUNT_LOCK_NOT_ACCEPTED:
    'Confirm that you understand one Apple account is bound to this install and cannot be changed later.',
  NO_TOKEN: 'No VPP token has been uploaded yet.',
  KEYCHAIN_UNAVAILABLE:
    'The system keychain is not available, so the token cannot be stored safely. Unlock or start your keychain and try again.',
  APPLE_UNREACHABLE: 'Apple could not be reached. Check the network connection and try again.',
  APPLE_ERROR: 'Apple returned an error.',
  APPLE_BUSY: 'Apple is busy. VPP Desk will try again shortly.',
  MDM_CHANGED:
    'Another product has taken over this VPP token. VPP Desk stopped talking to Apple; generate a new token for VPP Desk.',
  SYNC_RUNNING: 'A sync is already running.',
  SYNC_CANCELLED: 'The sync was cancelled.',
  CACHE_CORRUPT: 'The local cache was unreadable; it was set aside and will be rebuilt from Apple.',
  CACHE_BUSY: 'Another VPP Desk process is holding the local cache. Let it finish and try again.',
  INSTALL_ID_LOST:
    "VPP Desk's install identity (install.json) was unreadable and no copy of it was left, so VPP Desk cannot tell its own claim on the VPP token from another product's. Upload the token again and confirm the take-over to continue.",
  OFFLINE: 'VPP Desk is offline: this action needs Apple.',
  UNKNOWN_APP: 'That app is not among your volume-purchased apps.',
  NO_LICENSES: 'No licenses available.',
  BAD_CONFIG: 'VPP Desk is not configured correctly.',
  INTERNAL: 'Something went wrong inside VPP Desk.',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export class VppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_MESSAGES[code], options);
    this.name = 'VppError';
    this.code = code;
  }

  toPayload(): ErrorPayload {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

/** The admin-facing sentence of anything thrown: a VppError's own, else the generic one (never a stack). */
export function messageOf(err: unknown): string {
  return err instanceof VppError ? err.message : ERROR_MESSAGES.INTERNAL;
}

/** Any thrown value to a payload safe to send to the renderer (no stacks). */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof VppError) return err.toPayload();
  return { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}
