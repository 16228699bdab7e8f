import { describe, expect, it, vi } from 'vitest';
import { AppleClient, tokenDestinationProblem } from '../../../../electron/core/apple';
import { systemClock } from '../../../../electron/core/base';
import { VppError } from '../../../../shared/errors';

describe('tokenDestinationProblem', () => {
  it.each([
    'https://vpp.itunes.apple.com/mdm/v2',
    'https://VPP.itunes.apple.com:443/mdm/v2',
    'https://uclient-api.itunes.apple.com/WebObjects/MZStorePlatform.woa/wa/lookup',
    'http://127.0.0.1:8080/mdm/v2',
    'http://127.4.5.6/mdm/v2',
    'http://localhost:9/mdm/v2',
    'http://[::1]:9/mdm/v2',
    'https://127.0.0.1:9/mdm/v2',
  ])('lets the token go to %s', (url) => {
    expect(tokenDestinationProblem(url)).toBeNull();
  });

  it.each([
    ['http://vpp.itunes.apple.com/mdm/v2', /plain http/],
    ['https://evil.example/mdm/v2', /not one of Apple's hosts/],
    ['https://vpp.itunes.apple.com.evil.example/mdm/v2', /not one of Apple's hosts/],
    ['https://apple.com/mdm/v2', /not one of Apple's hosts/],
    ['http://10.0.0.5/mdm/v2', /plain http/],
    ['http://127.0.0.1.nip.io/mdm/v2', /plain http/],
    ['http://0.0.0.0:80/mdm/v2', /plain http/],
    ['https://user:pw@vpp.itunes.apple.com/mdm/v2', /user name or password/],
    ['https://vpp.itunes.apple.com:8443/mdm/v2', /port 8443/],
    ['ftp://127.0.0.1/x', /not HTTP/],
    ['not a url', /not a URL/],
  ])('refuses %s', (url, why) => {
    expect(tokenDestinationProblem(url)).toMatch(why);
  });
});

describe('the Apple client', () => {
  it('never sends the token to a host outside the rule, whatever its base URL', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const client = new AppleClient({
      baseUrl: 'http://vpp.example.test/mdm/v2',
      token: async () => 'x'.repeat(40),
      clock: systemClock,
      fetch,
    });
    const err = await client.getClientConfig().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VppError);
    expect(err).toMatchObject({ code: 'BAD_CONFIG' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
