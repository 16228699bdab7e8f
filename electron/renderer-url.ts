/**
 * Recognises our own renderer page. file:// pages all share the opaque
 * origin "null", so an origin check alone would trust any local file: we
 * compare the exact file path instead (ignoring #hash and ?query, which the
 * single-page renderer may use).
 */
export function isRendererUrl(
  candidate: string,
  rendererUrl: string,
  platform: NodeJS.Platform = process.platform,
): boolean {
  let got: URL;
  let want: URL;
  try {
    got = new URL(candidate);
    want = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (got.protocol !== 'file:' || want.protocol !== 'file:' || got.host !== want.host) return false;
  return samePath(got.pathname, want.pathname, platform);
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const norm = (p: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      return null;
    }
    // Windows paths are case-insensitive and Chromium may change the drive letter's case.
    return platform === 'win32' ? decoded.toLowerCase() : decoded;
  };
  const na = norm(a);
  return na !== null && na === norm(b);
}
