import { describe, expect, it } from 'vitest';
import { normaliseAppleDate, parseTokenFile } from '../../../../electron/core/token/token-file';
import { VppError } from '../../../../shared/errors';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('parseTokenFile', () => {
  it('reads Apple’s Base64 JSON and normalises the colon-less offset', () => {
    const content = encode({ token: 'abc', expDate: '2027-11-08T22:33:22-0700', orgName: 'Example School' });
    const parsed = parseTokenFile(`  ${content}\n`);
    expect(parsed.content).toBe(content);
    expect(parsed.orgName).toBe('Example School');
    expect(parsed.expiresAt.toISOString()).toBe('2027-11-09T05:33:22.000Z');
  });

  // Each refusal names its own reason: the admin learns what is wrong with the file.
  it.each([
    ['empty', ' \n ', 'it is empty'],
    ['not base64', '{"token": "x"}', 'it is not Base64 text'],
    ['Base64 only at the end', '{"token": "x"}abc', 'it is not Base64 text'],
    ['base64 of non-JSON', Buffer.from('hello world').toString('base64'), 'its content does not decode to token data'],
    ['missing fields', encode({ token: 'abc' }), 'the token, expiry date or organisation is missing'],
    ['unreadable date', encode({ token: 'abc', expDate: 'soon', orgName: 'X' }), 'its expiry date cannot be read'],
  ])('refuses a malformed file (%s) with TOKEN_MALFORMED', (_name, text, detail) => {
    try {
      parseTokenFile(text);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(VppError);
      expect((err as VppError).code).toBe('TOKEN_MALFORMED');
      expect((err as VppError).message).toBe(
        `This file is not a valid VPP token (${detail}). Download the .vpptoken again from Apple Business Manager or Apple School Manager.`,
      );
    }
  });

  it('normalises +0000 and rejects garbage dates', () => {
    expect(normaliseAppleDate('2030-11-08T22:33:22+0000')?.toISOString()).toBe('2030-11-08T22:33:22.000Z');
    expect(normaliseAppleDate('not a date')).toBeNull();
    // Whitespace around the value (V8 refuses a padded date) is trimmed first.
    expect(normaliseAppleDate(' 2027-11-08T22:33:22-0700\n')?.toISOString()).toBe('2027-11-09T05:33:22.000Z');
  });
});

describe('parseTokenFile bounds', () => {
  it('refuses text over 64 KiB before decoding it, even when it is valid Base64', () => {
    const huge = 'A'.repeat(64 * 1024 + 1);
    expect(() => parseTokenFile(huge)).toThrow(/larger than 64 KiB/);
    expect(() => parseTokenFile(huge)).toThrow(VppError);
  });

  it('reads text of exactly 64 KiB (the limit itself is allowed)', () => {
    const content = encode({ token: 'abc', expDate: '2030-11-08T22:33:22+0000', orgName: 'X' });
    // Padded with whitespace up to the limit: trimmed away before decoding.
    const atLimit = content + ' '.repeat(64 * 1024 - content.length);
    expect(atLimit).toHaveLength(64 * 1024);
    expect(parseTokenFile(atLimit).content).toBe(content);
  });
});
