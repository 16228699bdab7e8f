/**
 * Why an action that needs Apple cannot run right now, as the sentence shown
 * in its tooltip; null when it can. One place, so every button agrees.
 */
import { formatDateTime } from './format';
import type { AppInfo, TokenStatus } from '../../shared/domain';

export function appleBlockedReason(info: AppInfo | null, token: TokenStatus | null): string | null {
  const tokenReason = syncBlockedReason(token);
  if (tokenReason) return tokenReason;
  if (info && !info.online) {
    return `Offline: this needs Apple. You are looking at data as of ${formatDateTime(info.dataAsOf)}.`;
  }
  return null;
}

/**
 * Sync is how VPP Desk finds out Apple is reachable again, so being offline
 * does not block it; only a missing or unusable token does.
 */
export function syncBlockedReason(token: TokenStatus | null): string | null {
  if (!token || token.state === 'none') return 'Upload a VPP token first (Token page).';
  if (token.state === 'expired')
    return 'The VPP token has expired. Upload a new token from Apple Business Manager first.';
  if (token.state === 'revoked')
    return 'Apple revoked the VPP token. Upload a new token from Apple Business Manager first.';
  if (token.state === 'invalid')
    return 'Apple says the VPP token is invalid. Upload a new token from Apple Business Manager first.';
  return null;
}
