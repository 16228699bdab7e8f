// Public (unauthenticated) store-side endpoints the API points clients to:
// the content metadata lookup (legacy format: results keyed by adamId), the
// artwork it references, and the invitation link from urls.invitationEmail.
import { colourFor, solidPng } from '../png';
import type { CatalogEntry } from '../catalog';
import type { SimCore } from '../core';
import type { Exchange } from '../http';

export const ARTWORK_PREFIX = '/image/thumb/';

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'item'
  );
}

function entryJson(e: CatalogEntry, origin: string, version: number, cc: string): Record<string, unknown> {
  const app = e.productType === 'App';
  const template = `${origin}${ARTWORK_PREFIX}${e.adamId}/{w}x{h}bb.{f}`;
  // Version 2 gives one artwork object with a {w}x{h} template; version 1 a list of sizes.
  const artwork =
    version >= 2
      ? { width: 1024, height: 1024, url: template, bgColor: 'ffffff', hasAlpha: false }
      : [128, 216].map((s) => ({ width: s, height: s, url: template.replace('{w}x{h}bb.{f}', `${s}x${s}bb.png`) }));
  const url = `${origin}/${cc}/${app ? 'app' : 'book'}/${slug(e.name)}/id${e.adamId}`;
  const out: Record<string, unknown> = {
    artistName: e.artistName,
    artwork,
    deviceFamilies: app ? deviceFamilies(e) : [],
    genreNames: [e.genre],
    id: version >= 2 ? e.adamId : Number(e.adamId),
    isB2BCustomApp: false,
    isVppDeviceBasedLicensingEnabled: app,
    kind: app ? (e.platforms.includes('iOS') ? 'iosSoftware' : 'desktopApp') : 'ebook',
    name: e.name,
    nameRaw: e.name,
    nameSortValue: e.name,
    shortUrl: url,
    url,
  };
  if (e.bundleId !== undefined) out.bundleId = e.bundleId;
  return out;
}

function deviceFamilies(e: CatalogEntry): string[] {
  const out: string[] = [];
  if (e.platforms.includes('iOS')) out.push('iphone', 'ipad', 'ipod');
  if (e.platforms.includes('macOS')) out.push('mac');
  if (e.platforms.includes('tvOS')) out.push('tvos');
  if (e.platforms.includes('watchOS')) out.push('watch');
  return out;
}

/** GET {contentMetadataLookup}?version=2&id=1,2&p=mdm-lockup&caller=MDM&platform=volumestore&cc=us&l=en */
export function lookup(ex: Exchange, core: SimCore): void {
  const version = Number(ex.query.version ?? '1') >= 2 ? 2 : 1;
  const cc = (ex.query.cc ?? 'us').toLowerCase();
  const results: Record<string, unknown> = {};
  for (const id of (ex.query.id ?? '').split(',').map((s) => s.trim())) {
    const entry = core.catalog.get(id);
    // Unknown ids are simply absent, as Apple's empty-results example shows.
    if (entry !== undefined) results[id] = entryJson(entry, core.origin, version, cc);
  }
  ex.sendJson(200, {
    isAuthenticated: false,
    meta: {
      language: { tag: ex.query.l === undefined ? 'en-us' : `${ex.query.l}-${cc}` },
      storefront: { cc: cc.toUpperCase(), id: '143441' },
    },
    results,
    version,
  });
}

const pngCache = new Map<string, Buffer>();

/** GET /image/thumb/{adamId}/{w}x{h}bb.{f}: a placeholder icon (PNG whatever {f} says). */
export function artwork(ex: Exchange): void {
  const m = /^\/image\/thumb\/(\d+)\/(\d+)x(\d+)bb\.[a-z]+$/.exec(ex.path);
  if (m === null) {
    ex.sendJson(404, { errorMessage: 'Not found.' });
    return;
  }
  const id = m[1] as string;
  const size = Math.min(512, Math.max(1, Number(m[2])));
  const key = `${id}/${size}`;
  let png = pngCache.get(key);
  if (png === undefined) {
    png = solidPng(size, colourFor(id));
    if (pngCache.size < 2000) pngCache.set(key, png);
  }
  ex.send(200, 'image/png', png, { 'cache-control': 'max-age=86400' });
}

/** The invitation link: opening it stands for the person accepting the VPP terms. */
export function invitation(ex: Exchange, core: SimCore): void {
  const code = ex.query.inviteCode ?? '';
  const user = code === '' ? undefined : core.acceptInvitation(code);
  const text =
    user === undefined
      ? 'This invitation is not valid (it may have been used already).'
      : `Invitation accepted for ${user.email ?? user.clientUserId}.`;
  const html = `<!doctype html><meta charset="utf-8"><title>Apps and Books invitation (simulated)</title><p>${text.replace(/[<&>]/g, '')}</p>`;
  ex.send(user === undefined ? 404 : 200, 'text/html;charset=UTF-8', Buffer.from(html, 'utf8'));
}
