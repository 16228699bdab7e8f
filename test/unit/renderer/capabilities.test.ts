import { describe, expect, it } from 'vitest';
import { appleBlockedReason, syncBlockedReason } from '../../../renderer/lib/capabilities';
import { formatDateTime } from '../../../renderer/lib/format';
import { appInfo, tokenStatus } from './helpers';
import type { TokenState } from '../../../shared/domain';

const NEEDS_NEW_TOKEN: Array<[TokenState, string]> = [
  ['none', 'Upload a VPP token first (Token page).'],
  ['expired', 'The VPP token has expired. Upload a new token from Apple Business Manager first.'],
  ['revoked', 'Apple revoked the VPP token. Upload a new token from Apple Business Manager first.'],
  ['invalid', 'Apple says the VPP token is invalid. Upload a new token from Apple Business Manager first.'],
];

describe('syncBlockedReason', () => {
  it('asks for a token while none has been loaded yet', () => {
    expect(syncBlockedReason(null)).toBe('Upload a VPP token first (Token page).');
  });

  it.each(NEEDS_NEW_TOKEN)('blocks sync while the token is %s', (state, reason) => {
    expect(syncBlockedReason(tokenStatus({ state }))).toBe(reason);
  });

  it.each<TokenState>(['valid', 'expiring'])('allows sync with a %s token', (state) => {
    expect(syncBlockedReason(tokenStatus({ state }))).toBeNull();
  });
});

describe('appleBlockedReason', () => {
  const asOf = '2024-05-01T08:30:00.000Z';

  it('allows actions online with a usable token', () => {
    expect(appleBlockedReason(appInfo({ online: true }), tokenStatus({ state: 'valid' }))).toBeNull();
    expect(appleBlockedReason(appInfo({ online: true }), tokenStatus({ state: 'expiring' }))).toBeNull();
  });

  it('does not block before the app info has arrived', () => {
    expect(appleBlockedReason(null, tokenStatus())).toBeNull();
  });

  it('blocks offline, naming how old the data on screen is', () => {
    expect(appleBlockedReason(appInfo({ online: false, dataAsOf: asOf }), tokenStatus())).toBe(
      `Offline: this needs Apple. You are looking at data as of ${formatDateTime(asOf)}.`,
    );
  });

  it.each(NEEDS_NEW_TOKEN)('gives the token reason first when the token is %s, online or offline', (state, reason) => {
    expect(appleBlockedReason(appInfo({ online: true }), tokenStatus({ state }))).toBe(reason);
    expect(appleBlockedReason(appInfo({ online: false, dataAsOf: asOf }), tokenStatus({ state }))).toBe(reason);
  });

  it('blocks without a token even before anything has loaded', () => {
    expect(appleBlockedReason(null, null)).toBe('Upload a VPP token first (Token page).');
  });

  it('unlike Apple actions, lets sync run offline (that is how VPP Desk notices Apple is back)', () => {
    const offline = appInfo({ online: false, dataAsOf: asOf });
    expect(appleBlockedReason(offline, tokenStatus())).not.toBeNull();
    expect(syncBlockedReason(tokenStatus())).toBeNull();
  });
});
