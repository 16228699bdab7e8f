// Synchronous request validation for the write endpoints. Anything rejected
// here is an HTTP 400 ErrorResponse and, as Apple says, "Synchronous failures
// result in no asynchronous processing".
import { ApiError } from './errors';
import { LIMITS } from './limits';
import type { MdmInfo, PricingParam } from './types';

export interface RequestAsset {
  adamId: string;
  /** Apple's own examples sometimes omit it; STDQ is then assumed. */
  pricingParam?: PricingParam;
}

export interface ManageAssetsRequest {
  assets: RequestAsset[];
  clientUserIds: string[];
  serialNumbers: string[];
}

export interface RevokeAssetsRequest {
  clientUserIds: string[];
  serialNumbers: string[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface ClientConfigRequest {
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes?: string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(9602, 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v.trim() !== '')) {
    throw new ApiError(9602, `${name} must be an array of non-empty strings.`);
  }
  return value;
}

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

function parsePricing(value: unknown): PricingParam | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'STDQ' || value === 'PLUS') return value;
  throw new ApiError(9602, 'pricingParam must be STDQ or PLUS.');
}

function parseAssets(value: unknown): RequestAsset[] {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) throw new ApiError(9718);
  if (!Array.isArray(value)) throw new ApiError(9602, 'assets must be an array.');
  return value.map((a: unknown) => {
    if (typeof a !== 'object' || a === null) throw new ApiError(9602, 'Each asset must be an object.');
    const o = a as Record<string, unknown>;
    if (typeof o.adamId !== 'string' || !/^\d+$/.test(o.adamId))
      throw new ApiError(9602, 'adamId must be a string of digits.');
    const pricingParam = parsePricing(o.pricingParam);
    return pricingParam === undefined ? { adamId: o.adamId } : { adamId: o.adamId, pricingParam };
  });
}

export function parseManageAssets(body: unknown): ManageAssetsRequest {
  const o = asObject(body);
  const assets = parseAssets(o.assets);
  const clientUserIds = stringList(o.clientUserIds, 'clientUserIds');
  const serialNumbers = stringList(o.serialNumbers, 'serialNumbers');
  if (clientUserIds.length === 0 && serialNumbers.length === 0) throw new ApiError(9719);
  if (assets.length > LIMITS.maxAssets) throw new ApiError(9700);
  if (clientUserIds.length > LIMITS.maxClientUserIds) throw new ApiError(9701);
  if (serialNumbers.length > LIMITS.maxSerialNumbers) throw new ApiError(9702);
  if (hasDuplicates(assets.map((a) => `${a.adamId}|${a.pricingParam ?? 'STDQ'}`))) throw new ApiError(9703);
  if (hasDuplicates(clientUserIds)) throw new ApiError(9704);
  if (hasDuplicates(serialNumbers)) throw new ApiError(9705);
  return { assets, clientUserIds, serialNumbers };
}

export function parseRevokeAssets(body: unknown): RevokeAssetsRequest {
  const o = asObject(body);
  const clientUserIds = stringList(o.clientUserIds, 'clientUserIds');
  const serialNumbers = stringList(o.serialNumbers, 'serialNumbers');
  if (clientUserIds.length === 0 && serialNumbers.length === 0) throw new ApiError(9719);
  // Revoke has its own, smaller limits (maxRevokeClientUserIds / maxRevokeSerialNumbers).
  if (clientUserIds.length > LIMITS.maxRevokeClientUserIds) throw new ApiError(9701);
  if (serialNumbers.length > LIMITS.maxRevokeSerialNumbers) throw new ApiError(9702);
  if (hasDuplicates(clientUserIds)) throw new ApiError(9704);
  if (hasDuplicates(serialNumbers)) throw new ApiError(9705);
  return { clientUserIds, serialNumbers };
}

export function parseManageUsers(body: unknown, mode: 'create' | 'update' | 'retire'): RequestUser[] {
  const o = asObject(body);
  const users = o.users;
  if (users === undefined || users === null || (Array.isArray(users) && users.length === 0)) throw new ApiError(9720);
  if (!Array.isArray(users)) throw new ApiError(9602, 'users must be an array.');
  if (users.length > LIMITS.maxUsers) throw new ApiError(9714);
  const out = users.map((u: unknown): RequestUser => {
    if (typeof u !== 'object' || u === null) throw new ApiError(9602, 'Each user must be an object.');
    const r = u as Record<string, unknown>;
    if (typeof r.clientUserId !== 'string' || r.clientUserId.trim() === '')
      throw new ApiError(9602, 'clientUserId is required.');
    const user: RequestUser = { clientUserId: r.clientUserId };
    if (mode !== 'retire') {
      if (r.email !== undefined && r.email !== null) {
        if (typeof r.email !== 'string' || !EMAIL.test(r.email)) throw new ApiError(9717);
        user.email = r.email;
      }
      if (r.managedAppleId !== undefined && r.managedAppleId !== null) {
        if (typeof r.managedAppleId !== 'string' || !EMAIL.test(r.managedAppleId))
          throw new ApiError(9602, 'managedAppleId must be an email-like id.');
        user.managedAppleId = r.managedAppleId;
      }
    }
    return user;
  });
  if (hasDuplicates(out.map((u) => u.clientUserId))) throw new ApiError(9715);
  return out;
}

export function parseClientConfig(body: unknown): ClientConfigRequest {
  const o = asObject(body);
  const out: ClientConfigRequest = {};
  if (o.mdmInfo !== undefined) {
    const m = o.mdmInfo;
    if (typeof m !== 'object' || m === null) throw new ApiError(9723);
    const r = m as Record<string, unknown>;
    const filled = (v: unknown): v is string => typeof v === 'string' && v !== '';
    if (!filled(r.id) || !filled(r.name) || typeof r.metadata !== 'string') throw new ApiError(9723);
    if (r.id.length > LIMITS.maxMdmIdLength) throw new ApiError(9724);
    if (r.name.length > LIMITS.maxMdmNameLength) throw new ApiError(9725);
    if (r.metadata.length > LIMITS.maxMdmMetadataLength) throw new ApiError(9713);
    out.mdmInfo = { id: r.id, name: r.name, metadata: r.metadata };
  }
  const url = o.notificationUrl;
  const auth = o.notificationAuthToken;
  if (url !== undefined || auth !== undefined) {
    if (typeof url !== 'string' || typeof auth !== 'string' || url === '' || auth === '') throw new ApiError(9710);
    if (url.length > LIMITS.maxNotificationLength || auth.length > LIMITS.maxNotificationLength)
      throw new ApiError(9711);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.protocol !== 'https:') throw new ApiError(9712);
    out.notificationUrl = url;
    out.notificationAuthToken = auth;
  }
  if (o.notificationTypes !== undefined) out.notificationTypes = stringList(o.notificationTypes, 'notificationTypes');
  return out;
}
