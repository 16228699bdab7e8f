/**
 * Recognises our own renderer page: app://vpp-desk/index.html, served by
 * app-protocol.ts. Scheme, host and path must all match exactly (no
 * credentials, no port); #hash and ?query are ignored because the
 * single-page renderer routes with them. file:// never matches: the window
 * does not load from it, and every file:// page shares the origin "null".
 */
export function isRendererUrl(candidate: string, rendererUrl: string): boolean {
  let got: URL;
  let want: URL;
  try {
    got = new URL(candidate);
    want = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (got.protocol === 'file:' || got.protocol !== want.protocol) return false;
  if (got.host !== want.host || got.username !== '' || got.password !== '') return false;
  return samePath(got.pathname, want.pathname);
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return null;
    }
  };
  const na = norm(a);
  return na !== null && na === norm(b);
}
