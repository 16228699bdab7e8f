/**
 * The one way a link leaves the app for the system browser. Only https
 * pages on Apple's business, school and support sites qualify: those are
 * the places an admin is sent (to download a token, read about terms).
 * Anything else is dropped, so a compromised page cannot launch arbitrary
 * URLs or protocol handlers through us.
 */
import { shell } from 'electron';

const ALLOWED_HOSTS = new Set(['business.apple.com', 'school.apple.com', 'support.apple.com']);

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    ALLOWED_HOSTS.has(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** Opens the URL in the system browser if allowed; returns whether it did. */
export function openExternal(raw: string): boolean {
  if (!isAllowedExternalUrl(raw)) {
    console.warn(`[security] refused to open external URL: ${raw.slice(0, 200)}`);
    return false;
  }
  shell.openExternal(new URL(raw).href).catch((err: unknown) => {
    console.warn('[security] could not open external URL:', err);
  });
  return true;
}
