// Deterministic organisation generator. Every user status, device
// assignments, nearly/fully used assets, STDQ and PLUS, apps and a few books.
// Built in one linear pass so 5,000 apps / 100,000 users / 200,000
// assignments take well under the couple of seconds allowed.
import { FIRST_NAMES, LAST_NAMES, buildProducts } from './catalog';
import { createRng, type Rng } from './prng';
import { Store, type AssetRec, type UserRec } from './store';
import type { CatalogEntry } from './catalog';

export interface SeedOptions {
  seed: number;
  apps: number;
  users: number;
  assignments: number;
  demo: boolean;
}

const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
/** Share of assignments made to devices (serial numbers) rather than users. */
const DEVICE_SHARE = 0.15;

export function newInviteCode(rng: Rng): string {
  return rng.hex(32);
}

/** Looks like Apple's idHash: Base64 of a 20-byte digest. */
export function newIdHash(rng: Rng): string {
  const bytes = Buffer.allocUnsafe(20);
  for (let i = 0; i < 20; i++) bytes[i] = rng.int(0, 255);
  return bytes.toString('base64');
}

export function seedStore(store: Store, catalog: Map<string, CatalogEntry>, opts: SeedOptions): void {
  const rng = createRng(opts.seed);
  const products = buildProducts(opts.apps, opts.demo, rng, catalog);
  seedAssets(store, products);
  const active = seedUsers(store, opts, rng);
  seedAssignments(store, active, opts.assignments, rng);
  settleCounts(store, rng);
}

function seedAssets(store: Store, products: CatalogEntry[]): void {
  products.forEach((p, i) => {
    const app = p.productType === 'App';
    const base: AssetRec = {
      adamId: p.adamId,
      pricingParam: 'STDQ',
      productType: p.productType,
      // Books are never device-assignable nor revocable; a few apps are not device-assignable either.
      deviceAssignable: app && i % 20 !== 13,
      revocable: app,
      supportedPlatforms: p.platforms,
      assignedCount: 0,
      availableCount: 0,
      retiredCount: 0,
    };
    store.seedAsset(base);
    if (app && i % 10 === 3) store.seedAsset({ ...base, pricingParam: 'PLUS' });
  });
}

/** Returns the clientUserIds that may hold licenses (not retired). */
function seedUsers(store: Store, opts: SeedOptions, rng: Rng): string[] {
  const active: string[] = [];
  const combos = FIRST_NAMES.length * LAST_NAMES.length;
  // A stride coprime with `combos` walks every name pair once, in a shuffled-looking order.
  const stride = 7919;
  for (let i = 0; i < opts.users; i++) {
    let clientUserId: string;
    let email: string;
    if (opts.demo) {
      const j = (i * stride) % combos;
      const first = FIRST_NAMES[j % FIRST_NAMES.length] as string;
      const last = LAST_NAMES[Math.floor(j / FIRST_NAMES.length)] as string;
      const round = Math.floor(i / combos);
      const local = round === 0 ? `${first}.${last}` : `${first}.${last}${round + 1}`;
      clientUserId = local;
      email = `${local}@example.edu`;
    } else {
      clientUserId = `client-${i + 1}`;
      email = `client-${i + 1}@example.com`;
    }
    const user: UserRec = { clientUserId, email, status: 'Associated' };
    if (i % 13 === 12) {
      user.status = 'Retired';
      if (i % 2 === 0) user.idHash = newIdHash(rng); // retired after having accepted
    } else if (i % 4 === 1) {
      user.status = 'Registered';
      user.inviteCode = newInviteCode(rng);
    } else {
      user.idHash = newIdHash(rng);
    }
    store.seedUser(user);
    if (user.status !== 'Retired') active.push(clientUserId);
  }
  return active;
}

function seedAssignments(store: Store, activeUsers: string[], wanted: number, rng: Rng): void {
  const assets = store.assets;
  if (assets.length === 0 || wanted <= 0) return;
  // Zipf-like popularity: a few titles everyone has, a long tail of niche ones.
  const cumulative: number[] = [];
  const deviceCumulative: number[] = [];
  let total = 0;
  let deviceTotal = 0;
  assets.forEach((a, k) => {
    const w = (a.pricingParam === 'PLUS' ? 0.2 : 1) / Math.pow(k + 1, 0.9);
    total += w;
    cumulative.push(total);
    deviceTotal += a.deviceAssignable ? w : 0;
    deviceCumulative.push(deviceTotal);
  });
  const pick = (cum: number[], sum: number): AssetRec => {
    const x = rng.next() * sum;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cum[mid] ?? 0) <= x) lo = mid + 1;
      else hi = mid;
    }
    return assets[lo] as AssetRec;
  };
  const deviceWanted = deviceTotal > 0 ? Math.round(wanted * DEVICE_SHARE) : 0;
  const serials = makeSerials(Math.max(1, Math.ceil(deviceWanted / 2)), rng);
  let made = 0;
  let devices = 0;
  // Bounded attempts: a tiny organisation may not have `wanted` distinct pairs.
  for (let attempt = 0; made < wanted && attempt < wanted * 5; attempt++) {
    const toDevice = devices < deviceWanted && (activeUsers.length === 0 || rng.chance(DEVICE_SHARE));
    if (toDevice) {
      const asset = pick(deviceCumulative, deviceTotal);
      const target = { serialNumber: rng.pick(serials) };
      if (store.find(asset, target) !== undefined) continue;
      store.seedAssignment(asset, target);
      asset.assignedCount++;
      devices++;
    } else {
      if (activeUsers.length === 0) break;
      const asset = pick(cumulative, total);
      const target = { clientUserId: rng.pick(activeUsers) };
      if (store.find(asset, target) !== undefined) continue;
      store.seedAssignment(asset, target);
      asset.assignedCount++;
    }
    made++;
  }
}

function makeSerials(n: number, rng: Rng): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(rng.chars(12, SERIAL_ALPHABET));
  return [...seen];
}

/** Gives every asset a purchase size: some fully used, some nearly, most with room. */
function settleCounts(store: Store, rng: Rng): void {
  let used = 0;
  for (const a of store.assets) {
    if (a.assignedCount > 0) {
      const slot = used++ % 9;
      if (slot === 1) a.availableCount = 0;
      else if (slot === 2) a.availableCount = rng.int(1, 3);
      else a.availableCount = Math.floor(a.assignedCount * (0.1 + rng.next() * 0.9)) + rng.int(0, 20);
    } else {
      a.availableCount = rng.int(5, 50);
    }
    // Retired licenses: books given to people who left, a few refunded apps.
    if (a.productType === 'Book') a.retiredCount = rng.chance(0.5) ? rng.int(1, 10) : 0;
    else a.retiredCount = rng.chance(0.05) ? rng.int(1, 5) : 0;
  }
}
