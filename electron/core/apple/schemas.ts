/**
 * Zod schemas for every response of Apple's Apps and Books for Organizations
 * API (v2), written from Apple's reference pages. They are the boundary: no
 * Apple JSON reaches the rest of core without passing one of these.
 *
 * Every object is loose (unknown keys kept) because Apple adds fields without
 * notice; enumerated values (pricingParam, status, eventStatus...) are plain
 * strings for the same reason: a new value must not fail a whole sync.
 * Fields Apple documents as "only when ..." are optional.
 */
import * as z from 'zod';
import { assetsRows, assignmentsRows, usersRows } from './row-checks';

const int = z.number().int();

/** Who manages the location; `name`/`metadata` default so a sparse reply still parses. */
export const MdmInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string().default(''),
  metadata: z.string().default(''),
});
export type MdmInfo = z.infer<typeof MdmInfoSchema>;

/** Fields Apple puts on every authenticated response. */
const common = {
  mdmInfo: MdmInfoSchema.optional(),
  /** ISO-8601 with a colon-less offset (`+0000`); normalise before `new Date`. */
  tokenExpirationDate: z.string().optional(),
  uId: z.string(),
};

/** An app or book in a request: Apple keys assets by adamId and pricingParam. */
export const AssetRefSchema = z.looseObject({
  adamId: z.string(),
  pricingParam: z.string().optional(),
});
export type AssetRef = z.infer<typeof AssetRefSchema>;

export const ErrorInfoSchema = z.looseObject({
  assets: z.array(AssetRefSchema).optional(),
  clientUserIds: z.array(z.string()).optional(),
  serialNumbers: z.array(z.string()).optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

/** Synchronous error body, and the element of StatusResponse.failures. */
export const ErrorResponseSchema = z.looseObject({
  errorNumber: int,
  errorMessage: z.string().optional(),
  errorInfo: ErrorInfoSchema.optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

// --- configuration -----------------------------------------------------------

export const ServiceConfigSchema = z.looseObject({
  errorCodes: z.array(z.looseObject({ errorNumber: int, errorMessage: z.string() })).default([]),
  /** "Any key: int32" per Apple; the ones we batch to are named. */
  limits: z
    .looseObject({
      maxAssets: int.positive().optional(),
      maxUsers: int.positive().optional(),
      maxClientUserIds: int.positive().optional(),
      maxSerialNumbers: int.positive().optional(),
      maxRevokeClientUserIds: int.positive().optional(),
      maxRevokeSerialNumbers: int.positive().optional(),
      maxNotificationLength: int.optional(),
      maxMdmNameLength: int.optional(),
      maxMdmMetadataLength: int.optional(),
      maxMdmIdLength: int.optional(),
    })
    .default({}),
  notificationTypes: z.array(z.string()).default([]),
  /** "Any key: string" per Apple: endpoint name in camel case -> URL. */
  urls: z
    .looseObject({
      invitationEmail: z.string().optional(),
      contentMetadataLookup: z.string().optional(),
    })
    .default({}),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export const ClientConfigSchema = z.looseObject({
  ...common,
  countryISO2ACode: z.string().optional(),
  defaultPlatform: z.string().optional(),
  locationName: z.string().optional(),
  websiteURL: z.string().optional(),
  notificationUrl: z.string().optional(),
  notificationAuthToken: z.string().optional(),
  subscribedNotificationTypes: z.array(z.string()).optional(),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

// --- paged reads -------------------------------------------------------------

const paging = {
  currentPageIndex: int.nonnegative(),
  /** Present only when there is a next page. */
  nextPageIndex: int.optional(),
  size: int.optional(),
  totalPages: int.nonnegative(),
  versionId: z.string(),
};

export const AssetSchema = z.looseObject({
  adamId: z.string(),
  pricingParam: z.string(),
  productType: z.string().optional(),
  assignedCount: int,
  availableCount: int,
  retiredCount: int,
  totalCount: int,
  deviceAssignable: z.boolean().optional(),
  revocable: z.boolean().optional(),
  supportedPlatforms: z.array(z.string()).default([]),
});
export type Asset = z.infer<typeof AssetSchema>;

/** Its rows are checked by hand (row-checks.ts), to AssetSchema's rules: they come while zod's code is cold. */
export const GetAssetsResponseSchema = z.looseObject({ ...common, ...paging, assets: assetsRows() });
export type GetAssetsResponse = z.infer<typeof GetAssetsResponseSchema>;

/** A user-based assignment has clientUserId, a device-based one serialNumber. */
export const AssignmentSchema = z.looseObject({
  adamId: z.string(),
  pricingParam: z.string(),
  clientUserId: z.string().optional(),
  serialNumber: z.string().optional(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

/** Its rows are checked by hand (row-checks.ts), to AssignmentSchema's rules: the hot path of a sync. */
export const GetAssignmentsResponseSchema = z.looseObject({
  ...common,
  ...paging,
  assignments: assignmentsRows(),
});
export type GetAssignmentsResponse = z.infer<typeof GetAssignmentsResponseSchema>;

export const UserSchema = z.looseObject({
  clientUserId: z.string(),
  email: z.string().optional(),
  /** Present once the person accepted the invitation with an Apple Account. */
  idHash: z.string().optional(),
  inviteCode: z.string().optional(),
  managedAppleId: z.string().optional(),
  /** Registered, Associated, Retired, Deleted. */
  status: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/** Its rows are checked by hand (row-checks.ts), to UserSchema's rules: the hot path of a sync. */
export const GetUsersResponseSchema = z.looseObject({ ...common, ...paging, users: usersRows() });
export type GetUsersResponse = z.infer<typeof GetUsersResponseSchema>;

// --- asynchronous writes -----------------------------------------------------

export const EventResponseSchema = z.looseObject({ ...common, eventId: z.string().min(1) });
export type EventResponse = z.infer<typeof EventResponseSchema>;

export const StatusResponseSchema = z.looseObject({
  ...common,
  /** PENDING, COMPLETE or FAILED. */
  eventStatus: z.string(),
  /** ASSOCIATE, DISASSOCIATE, REVOKE, CREATE, UPDATE, RETIRE. */
  eventType: z.string().optional(),
  failures: z.array(ErrorResponseSchema).default([]),
  numCompleted: int.default(0),
  numRequested: int.default(0),
});
export type StatusResponse = z.infer<typeof StatusResponseSchema>;

// --- requests (typed only; Apple validates them) -----------------------------

export interface ManageAssetsRequest {
  assets: AssetRef[];
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface RevokeAssetsRequest {
  clientUserIds?: string[];
  serialNumbers?: string[];
}

export interface RequestUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
}

export interface ClientConfigRequest {
  mdmInfo?: { id: string; name: string; metadata: string };
  notificationUrl?: string;
  notificationAuthToken?: string;
  notificationTypes?: string[];
}

export interface GetAssetsParams {
  pageIndex?: number;
  productType?: string;
  pricingParam?: string;
  revocable?: boolean;
  deviceAssignable?: boolean;
  maxAvailableCount?: number;
  minAvailableCount?: number;
  maxAssignedCount?: number;
  minAssignedCount?: number;
  adamId?: string;
}

export interface GetUsersParams {
  pageIndex?: number;
  activeOnly?: boolean;
  retiredOnly?: boolean;
  clientUserId?: string;
  sinceVersionId?: string;
}

export interface GetAssignmentsParams {
  pageIndex?: number;
  adamId?: string;
  clientUserId?: string;
  serialNumber?: string;
  sinceVersionId?: string;
}
