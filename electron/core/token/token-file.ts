/**
 * Reads a .vpptoken file: one Base64 string that decodes to JSON
 * {token, expDate, orgName}. Apple's expDate offset has no colon ("+0000"),
 * which Date does not parse reliably, so it is normalised first.
 */
import * as z from 'zod';
import { VppError } from '../../../shared/errors';
import { MAX_TOKEN_FILE_BYTES } from '../../../shared/limits';

export interface ParsedToken {
  /** The trimmed file content: what Apple wants as the Bearer credential. */
  content: string;
  orgName: string;
  expiresAt: Date;
}

const TokenJson = z.looseObject({
  token: z.string().min(1),
  expDate: z.string().min(1),
  orgName: z.string(),
});

const BASE64 = /^[A-Za-z0-9+/=\r\n_-]+$/;

export function normaliseAppleDate(value: string): Date | null {
  const fixed = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(fixed);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function parseTokenFile(text: string): ParsedToken {
  const malformed = (detail: string) =>
    new VppError(
      'TOKEN_MALFORMED',
      `This file is not a valid VPP token (${detail}). Download the .vpptoken again from Apple Business Manager or Apple School Manager.`,
    );
  // Checked before any work on the text: whatever door it came through, nothing large is decoded.
  if (text.length > MAX_TOKEN_FILE_BYTES) throw malformed('it is larger than 64 KiB');
  const content = text.trim();
  if (content.length === 0) throw malformed('it is empty');
  if (!BASE64.test(content)) throw malformed('it is not Base64 text');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
  } catch {
    throw malformed('its content does not decode to token data');
  }
  const parsed = TokenJson.safeParse(decoded);
  if (!parsed.success) throw malformed('the token, expiry date or organisation is missing');
  const expiresAt = normaliseAppleDate(parsed.data.expDate);
  if (!expiresAt) throw malformed('its expiry date cannot be read');
  return { content, orgName: parsed.data.orgName, expiresAt };
}
