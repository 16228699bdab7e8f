// Content tokens (.vpptoken files) and the checks Apple runs on
// `Authorization: Bearer <whole file content>`.
import { createHash } from 'node:crypto';

export interface TokenFileFields {
  token: string;
  /** A Date, or a string used verbatim (to craft odd files in tests). */
  expDate: Date | string;
  orgName: string;
}

export type TokenState = 'valid' | 'revoked' | 'expired';

export interface TokenRec {
  token: string;
  expDate: Date;
  orgName: string;
  uId: string;
  state: TokenState;
}

export type AuthResult = { ok: true; rec: TokenRec } | { ok: false; errorNumber: 9622 | 9621 | 9625 | 9722 };

/** Apple's format: `2027-11-08T22:33:22+0000` (UTC, offset without a colon). */
export function formatAppleDate(d: Date): string {
  return `${d.toISOString().slice(0, 19)}+0000`;
}

/**
 * Builds .vpptoken file content: Base64 of JSON {token, expDate, orgName}.
 * Apple's decoded example is pretty-printed with four-space indents, so ours
 * is too: clients must not assume compact JSON.
 */
export function makeTokenFile(fields: TokenFileFields): string {
  const expDate = typeof fields.expDate === 'string' ? fields.expDate : formatAppleDate(fields.expDate);
  const json = JSON.stringify({ token: fields.token, expDate, orgName: fields.orgName }, null, 4);
  return Buffer.from(json, 'utf8').toString('base64');
}

/** Decodes file content; undefined when it is not a token file at all. */
export function parseTokenFile(content: string): { token: string; expDate: string; orgName: string } | undefined {
  const trimmed = content.trim();
  if (!/^[A-Za-z0-9+/=\r\n]+$/.test(trimmed)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const o = parsed as Record<string, unknown>;
    if (typeof o.token !== 'string' || o.token === '') return undefined;
    return {
      token: o.token,
      expDate: typeof o.expDate === 'string' ? o.expDate : '',
      orgName: typeof o.orgName === 'string' ? o.orgName : '',
    };
  } catch {
    return undefined;
  }
}

export class TokenRegistry {
  // Keyed by the inner `token`: Apple identifies the location by it, so a file
  // re-issued with the same token (e.g. the CLI restarted with the same seed)
  // still authenticates.
  private readonly byToken = new Map<string, TokenRec>();
  private issued = 0;

  constructor(private readonly seed: number) {}

  issue(uId: string, orgName: string, expDate: Date, revokeOthers: boolean): string {
    if (revokeOthers)
      for (const rec of this.byToken.values()) if (rec.uId === uId && rec.state === 'valid') rec.state = 'revoked';
    // Deterministic per seed so a restarted simulator accepts the token a client stored.
    const n = this.issued++;
    const a = createHash('sha256').update(`vpp-sim:${this.seed}:${uId}:${n}:a`).digest();
    const b = createHash('sha256').update(`vpp-sim:${this.seed}:${uId}:${n}:b`).digest();
    const token = Buffer.concat([a, b]).toString('base64');
    const rec: TokenRec = {
      token,
      expDate: new Date(Math.floor(expDate.getTime() / 1000) * 1000),
      orgName,
      uId,
      state: 'valid',
    };
    this.byToken.set(token, rec);
    return makeTokenFile(rec);
  }

  /** Finds the record behind file content (throws for unknown content: control misuse). */
  lookup(fileContent: string): TokenRec {
    const parsed = parseTokenFile(fileContent);
    const rec = parsed === undefined ? undefined : this.byToken.get(parsed.token);
    if (rec === undefined) throw new Error('unknown token file content');
    return rec;
  }

  revoke(fileContent: string): void {
    this.lookup(fileContent).state = 'revoked';
  }

  expire(fileContent: string): void {
    this.lookup(fileContent).state = 'expired';
  }

  revokeRec(rec: TokenRec): void {
    rec.state = 'revoked';
  }

  authenticate(header: string | undefined, now: number): AuthResult {
    const m = header === undefined ? null : /^Bearer +(\S.*)$/.exec(header.trim());
    if (m === null || m[1] === undefined) return { ok: false, errorNumber: 9722 };
    const parsed = parseTokenFile(m[1]);
    const rec = parsed === undefined ? undefined : this.byToken.get(parsed.token);
    if (rec === undefined) return { ok: false, errorNumber: 9622 };
    if (rec.state === 'revoked') return { ok: false, errorNumber: 9625 };
    if (rec.state === 'expired' || rec.expDate.getTime() <= now) return { ok: false, errorNumber: 9621 };
    return { ok: true, rec };
  }

  counts(): { valid: number; revoked: number; expired: number } {
    const out = { valid: 0, revoked: 0, expired: 0 };
    const now = Date.now();
    for (const rec of this.byToken.values()) {
      if (rec.state === 'valid' && rec.expDate.getTime() <= now) out.expired++;
      else out[rec.state]++;
    }
    return out;
  }
}
