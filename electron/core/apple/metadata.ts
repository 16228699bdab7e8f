/**
 * App and book names and icons. /assets carries only adamIds; names come from
 * the store lookup service whose URL service config gives as
 * `urls.contentMetadataLookup` (Apple's "Getting App and Book Information"):
 *   GET <lookupUrl>?version=2&id=1,2,3&p=mdm-lockup&caller=MDM&platform=volumestore&cc=us&l=en
 * answering { results: { "<adamId>": {...} } }.
 *
 * The lookup is tolerant: ids Apple does not return (unknown, no access) and
 * entries that do not parse are simply absent from the result. A batch that
 * fails outright (after retries) rejects, so the caller decides whether
 * names are worth failing a sync for.
 *
 * With the organisation's token as the `itvt` cookie, Apple also returns
 * custom (B2B) apps and apps no longer on sale. The token is only sent over
 * HTTPS (or to a loopback test server), never in clear text over a network.
 */
import * as z from 'zod';
import { uniqueBy, chunk } from './batching';
import { tokenDestinationProblem } from './token-destination';
import type { AppleHttp } from './http';
import type { RateLimiter } from './rate-limit';

export interface AppMetadata {
  adamId: string;
  name: string;
  artistName?: string;
  /** A square icon URL (128 px where Apple offers a template). */
  iconUrl?: string;
  /** e.g. iosSoftware, macSoftware, ebook. */
  kind?: string;
  bundleId?: string;
  deviceFamilies?: string[];
}

export interface LookupOptions {
  /** service config urls.contentMetadataLookup */
  lookupUrl: string;
  /** volumestore (default) or enterprisestore: client config's defaultPlatform. */
  platform?: string;
  /** Storefront country, e.g. client config's countryISO2ACode; default "us". */
  cc?: string;
  /** Language; default "en". */
  language?: string;
  /** Send the token as Apple's `itvt` cookie (default true; HTTPS or loopback only). */
  withToken?: boolean;
  signal?: AbortSignal;
}

/** Ids per lookup request: keeps the URL short; Apple documents no limit. */
export const LOOKUP_BATCH = 50;

const LookupResponseSchema = z.looseObject({ results: z.record(z.string(), z.unknown()).default({}) });

const EntrySchema = z.looseObject({
  name: z.string().min(1).optional(),
  nameRaw: z.string().min(1).optional(),
  artistName: z.string().optional(),
  artwork: z.unknown().optional(),
  kind: z.string().optional(),
  bundleId: z.string().optional(),
  deviceFamilies: z.array(z.string()).optional(),
});

const ArtworkSchema = z.looseObject({ url: z.string(), width: z.number().optional(), height: z.number().optional() });
// Built once: a zod schema made per app (10,000 at a district's first sync) cost ~40 ms of the window's thread.
const ArtworkListSchema = z.array(ArtworkSchema);
const ICON_SIZE = 128;

export async function lookupMetadata(
  http: AppleHttp,
  adamIds: readonly string[],
  options: LookupOptions,
  limiter?: RateLimiter,
): Promise<Map<string, AppMetadata>> {
  const out = new Map<string, AppMetadata>();
  const ids = uniqueBy(
    adamIds.map((id) => id.trim()).filter((id) => id !== ''),
    (id) => id,
  );
  const auth = options.withToken !== false && tokenSafeUrl(options.lookupUrl) ? 'cookie' : 'none';
  // Batches go one after the other: names are never urgent. The lookup
  // service is not the Apps and Books API, so it draws on its own budget
  // (`limiter`) and leaves the token's ~15 a second to syncs and deployments.
  for (const batch of chunk(ids, LOOKUP_BATCH)) {
    const res = await http.request({
      method: 'GET',
      url: options.lookupUrl,
      query: {
        version: 2,
        id: batch.join(','),
        p: 'mdm-lockup',
        caller: 'MDM',
        platform: options.platform ?? 'volumestore',
        cc: (options.cc ?? 'us').toLowerCase(),
        l: options.language ?? 'en',
      },
      auth,
      schema: LookupResponseSchema,
      idempotent: true,
      vpp: false,
      signal: options.signal,
      limiter,
    });
    for (const id of batch) {
      const meta = toMetadata(id, res.results[id]);
      if (meta) out.set(id, meta);
    }
  }
  return out;
}

function toMetadata(adamId: string, raw: unknown): AppMetadata | undefined {
  const parsed = EntrySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const name = e.name ?? e.nameRaw;
  if (!name) return undefined;
  const meta: AppMetadata = { adamId, name };
  if (e.artistName) meta.artistName = e.artistName;
  const icon = iconUrl(e.artwork);
  if (icon) meta.iconUrl = icon;
  if (e.kind) meta.kind = e.kind;
  if (e.bundleId) meta.bundleId = e.bundleId;
  if (e.deviceFamilies) meta.deviceFamilies = e.deviceFamilies;
  return meta;
}

/**
 * Apple sends artwork either as a list of sized images or as one template
 * whose URL has {w}, {h} and {f} placeholders.
 */
function iconUrl(artwork: unknown): string | undefined {
  const list = ArtworkListSchema.safeParse(artwork);
  if (list.success && list.data.length > 0) {
    const sized = [...list.data].sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
    return (sized.find((a) => (a.width ?? 0) >= ICON_SIZE) ?? sized[sized.length - 1])?.url;
  }
  const one = ArtworkSchema.safeParse(artwork);
  if (!one.success) return undefined;
  return one.data.url.replace('{w}', String(ICON_SIZE)).replace('{h}', String(ICON_SIZE)).replace('{f}', 'png');
}

function tokenSafeUrl(url: string): boolean {
  // Apple's hosts over HTTPS, or loopback: the same rule as for the API URL.
  if (tokenDestinationProblem(url) !== null) return false;
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return (
      u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]')
    );
  } catch {
    return false;
  }
}
