/**
 * Where the token may be sent: only to Apple, over HTTPS, or to a loopback
 * address (the simulator, the demo, tests), where plain HTTP never crosses a
 * network. Everything else is refused before any request is made, so a
 * mistyped or planted VPP_DESK_API_URL cannot hand the token to someone else.
 */

/** Apple's documented hosts that take the token: the VPP API, the store lookup, the Apps and Books APIs. */
export const APPLE_TOKEN_HOSTS: ReadonlySet<string> = new Set([
  'vpp.itunes.apple.com',
  'uclient-api.itunes.apple.com',
  'api.ent.apple.com',
  'api.edu.apple.com',
]);

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((n) => Number(n) <= 255);
}

/** Why the token must not go to `url`, in words for an admin; null when it may. */
export function tokenDestinationProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'it is not a URL';
  }
  if (u.username !== '' || u.password !== '') return 'it carries a user name or password';
  if (isLoopbackHost(u.hostname)) {
    return u.protocol === 'http:' || u.protocol === 'https:' ? null : `${u.protocol} is not HTTP`;
  }
  if (u.protocol !== 'https:') return 'plain http is allowed only to this computer (127.0.0.1, ::1, localhost)';
  if (!APPLE_TOKEN_HOSTS.has(u.hostname.toLowerCase())) {
    return `${u.hostname} is not one of Apple's hosts (${[...APPLE_TOKEN_HOSTS].join(', ')})`;
  }
  if (u.port !== '' && u.port !== '443') return `port ${u.port} is not Apple's`;
  return null;
}
