// Request limits advertised by GET /service/config and enforced by the write
// endpoints (Apple's documented values).
export const LIMITS = {
  maxAssets: 25,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxRevokeClientUserIds: 100,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeSerialNumbers: 100,
  maxMdmNameLength: 100,
  maxMdmMetadataLength: 255,
  maxMdmIdLength: 100,
} as const;

export const NOTIFICATION_TYPES = ['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT'] as const;

/** Documented rate: about 15 requests a second per token. */
export const RATE_LIMIT_PER_SECOND = 15;
