/**
 * Token upload, renewal and removal. The order matters: everything that can
 * refuse (file, Apple, account rules, another product) runs before anything
 * is written, so a refused token leaves the keychain and cache untouched.
 */
import { VppError } from '../../../shared/errors';
import { rememberSecret } from '../base';
import { normaliseAppleDate, parseTokenFile } from './token-file';
import { tokenStatus } from './token-state';
import type { ParsedRequestOf } from '../../../shared/contract';
import type { TokenStatus } from '../../../shared/domain';
import type { Clock } from '../base';
import type { CacheData, TokenMeta, Store } from '../cache';
import type { Vault } from './vault';

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

export interface ClientConfigLike {
  uId: string;
  locationName?: string | undefined;
  countryISO2ACode?: string | undefined;
  tokenExpirationDate?: string | undefined;
  mdmInfo?: MdmInfo | undefined;
}

/** The two calls the token flow needs, made with the candidate token. */
export interface ClientConfigApi {
  getClientConfig(): Promise<ClientConfigLike>;
  setClientConfig(body: { mdmInfo: MdmInfo }): Promise<ClientConfigLike>;
}

export interface TokenServiceDeps {
  store: Store;
  vault: Vault;
  clock: Clock;
  ourMdmInfo: MdmInfo;
  appleFor(tokenContent: string): ClientConfigApi;
  onChanged(): void;
}

export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  status(): TokenStatus {
    return tokenStatus(this.deps.store.data, this.deps.clock.now());
  }

  async import(request: ParsedRequestOf<'token:import'>): Promise<TokenStatus> {
    const { store, vault, clock, ourMdmInfo } = this.deps;
    // A candidate is a secret too, accepted or not: whatever quotes it back is redacted.
    rememberSecret(request.fileContent);
    if (!request.acceptAccountLock) throw new VppError('ACCOUNT_LOCK_NOT_ACCEPTED');
    const parsed = parseTokenFile(request.fileContent);
    if (parsed.expiresAt.getTime() <= clock.now().getTime()) {
      throw new VppError(
        'TOKEN_EXPIRED',
        `This token expired on ${parsed.expiresAt.toISOString().slice(0, 10)}. Download a new token from Apple Business Manager.`,
      );
    }

    this.guardRenewal(parsed.expiresAt, request.acceptEarlierExpiry);

    const apple = this.deps.appleFor(parsed.content);
    const config = await apple.getClientConfig();

    const bound = store.data.account;
    if (bound && bound.uId !== config.uId) {
      throw new VppError(
        'ACCOUNT_MISMATCH',
        `This token belongs to "${config.locationName ?? config.uId}", but this install is bound to "${bound.locationName}" (${bound.uId}). One Apple account per install: upload a token of "${bound.locationName}".`,
      );
    }
    const holder = config.mdmInfo;
    if (holder && holder.id !== ourMdmInfo.id && !request.allowTakeover) {
      throw new VppError(
        'TOKEN_IN_USE',
        `This token is already used by another product ("${holder.name}"). Generate a new token in Apple Business Manager for VPP Desk, or confirm a take-over.`,
      );
    }
    const claimed = holder?.id === ourMdmInfo.id ? config : await apple.setClientConfig({ mdmInfo: ourMdmInfo });

    const now = clock.now().toISOString();
    const renewal = store.data.token?.uId === config.uId || bound?.uId === config.uId;
    const meta: TokenMeta = {
      label: request.label || store.data.token?.label || parsed.orgName,
      appleId: request.appleId,
      orgName: parsed.orgName,
      locationName: claimed.locationName ?? config.locationName ?? parsed.orgName,
      countryCode: claimed.countryISO2ACode ?? config.countryISO2ACode ?? null,
      uId: config.uId,
      expiresAt: (parseAppleExpiry(claimed.tokenExpirationDate) ?? parsed.expiresAt).toISOString(),
      lastUpdatedAt: now,
      appleState: 'valid',
    };

    const previous = await vault.get();
    await vault.set(parsed.content);
    try {
      await store.update((data) =>
        this.apply(data, meta, renewal, holder !== undefined && holder.id !== ourMdmInfo.id ? holder.name : null),
      );
    } catch (err) {
      // The cache did not take it: put the keychain back as it was.
      if (previous === null) await vault.clear();
      else await vault.set(previous);
      throw err;
    }
    this.deps.onChanged();
    return this.status();
  }

  /**
   * A renewal that expires sooner than the installed, still working token
   * (9 days against 364) is almost always the wrong file: refused, before
   * anything is sent or written, unless the admin confirmed it.
   */
  private guardRenewal(newExpiry: Date, accepted: boolean): void {
    const installed = this.status();
    if (accepted || (installed.state !== 'valid' && installed.state !== 'expiring') || !installed.expiresAt) return;
    const current = new Date(installed.expiresAt);
    if (newExpiry.getTime() >= current.getTime()) return;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const sooner = Math.max(1, Math.floor((current.getTime() - newExpiry.getTime()) / 86_400_000));
    throw new VppError(
      'TOKEN_EXPIRES_SOONER',
      `This token expires on ${day(newExpiry)}, ${sooner} day(s) before the installed one (${day(current)}). Upload the newest token from Apple Business Manager, or confirm replacing it anyway.`,
    );
  }

  private apply(data: CacheData, meta: TokenMeta, renewal: boolean, takenFrom: string | null): void {
    data.token = meta;
    data.account ??= {
      uId: meta.uId,
      locationName: meta.locationName,
      orgName: meta.orgName,
      boundAt: meta.lastUpdatedAt,
    };
    // A new token lifts a pause caused by the old one's problems.
    data.sync.paused = null;
    const expiry = meta.expiresAt.slice(0, 10);
    const store = this.deps.store;
    if (takenFrom) store.log('token-uploaded', `Token taken over from "${takenFrom}" by ${meta.appleId}.`, data);
    store.log(
      renewal ? 'token-renewed' : 'token-uploaded',
      renewal
        ? `Token renewed for ${meta.locationName} by ${meta.appleId}; expires ${expiry}.`
        : `Token "${meta.label}" uploaded for ${meta.locationName} by ${meta.appleId}; expires ${expiry}.`,
      data,
    );
  }

  async remove(): Promise<TokenStatus> {
    const { store, vault } = this.deps;
    await vault.clear();
    await store.update((data) => {
      if (data.token) store.log('token-removed', `Token "${data.token.label}" removed from this computer.`, data);
      data.token = null;
    });
    this.deps.onChanged();
    return this.status();
  }

  /** The secret, for core's own Apple calls only; never returned over any transport. */
  async secret(): Promise<string> {
    const secret = await this.deps.vault.get();
    if (!secret) throw new VppError('NO_TOKEN');
    rememberSecret(secret);
    return secret;
  }

  /**
   * After the cache was rebuilt (set aside as corrupt, or deleted), the
   * keychain may still hold the token: restore what the file itself says,
   * and let the next sync fill in the location from Apple.
   */
  async recoverFromKeychain(): Promise<boolean> {
    const { store, vault, clock } = this.deps;
    if (store.data.token) return false;
    let secret: string | null;
    try {
      secret = await vault.get();
    } catch {
      return false;
    }
    if (!secret) return false;
    rememberSecret(secret);
    let parsed: ReturnType<typeof parseTokenFile>;
    try {
      parsed = parseTokenFile(secret);
    } catch {
      return false;
    }
    const now = clock.now().toISOString();
    await store.update((data) => {
      data.token = {
        label: parsed.orgName,
        appleId: '',
        orgName: parsed.orgName,
        locationName: parsed.orgName,
        countryCode: null,
        uId: data.account?.uId ?? '',
        expiresAt: parsed.expiresAt.toISOString(),
        lastUpdatedAt: now,
        appleState: 'valid',
      };
      store.log(
        'token-state',
        'Token details restored from the keychain after the local cache was rebuilt; the next sync fills in the rest.',
        data,
      );
    });
    this.deps.onChanged();
    return true;
  }

  async markState(state: 'expired' | 'revoked' | 'invalid'): Promise<void> {
    const { store } = this.deps;
    await store.update((data) => {
      if (!data.token || data.token.appleState === state) return;
      data.token.appleState = state;
      data.sync.paused = `The token is ${state}. Upload a new token to resume syncing.`;
      store.log('token-state', `Apple reports the token as ${state}; scheduled syncs are paused.`, data);
    });
    this.deps.onChanged();
  }
}

function parseAppleExpiry(value: string | undefined): Date | null {
  return value ? normaliseAppleDate(value) : null;
}
