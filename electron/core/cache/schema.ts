/**
 * The shape of the local cache (one JSON file, lowdb). Everything but the
 * token itself lives here so an admin can review it offline.
 */
import { DEFAULT_LOW_STOCK_RULE, type LowStockRule } from '../../../shared/low-stock';
import type { ActivityEntry, ActivitySource, PricingParam, SyncHistoryEntry, TokenState } from '../../../shared/domain';
import type { ChangesRef } from './row-changes';

/**
 * 2: deployment rows in a part file of their own (deploymentsPart), not in the main file. A VPP Desk of schema 1
 * would read such a main file as holding no deployments, so it refuses it as newer instead.
 */
export const SCHEMA_VERSION = 2;

export interface TokenMeta {
  label: string;
  appleId: string;
  orgName: string;
  locationName: string;
  countryCode: string | null;
  uId: string;
  expiresAt: string;
  lastUpdatedAt: string;
  /** Apple's last verdict; 'valid'/'expiring' are derived from expiresAt at read time. */
  appleState: Extract<TokenState, 'valid' | 'expired' | 'revoked' | 'invalid'>;
  /** Expiry reminders (days left) already shown for this token. */
  remindersSent?: number[];
}

export interface BoundAccount {
  uId: string;
  locationName: string;
  orgName: string;
  boundAt: string;
}

/** Apple's per-request limits as service config last said (apple/batching.ts's Limits). */
export interface ServiceLimits {
  maxAssets: number;
  maxClientUserIds: number;
  maxSerialNumbers: number;
  maxUsers: number;
  maxRevokeClientUserIds: number;
  maxRevokeSerialNumbers: number;
}

export interface ServiceInfo {
  limits: ServiceLimits;
  invitationUrlTemplate: string | null;
  contentMetadataLookupUrl: string | null;
  fetchedAt: string;
}

export interface CachedAsset {
  adamId: string;
  pricingParam: PricingParam;
  productType: string;
  supportedPlatforms: string[];
  deviceAssignable: boolean;
  revocable: boolean;
  totalCount: number;
  assignedCount: number;
  availableCount: number;
  retiredCount: number;
}

export interface CachedUser {
  clientUserId: string;
  email: string | null;
  status: string;
  inviteCode: string | null;
  idHash: string | null;
  managedAppleId: string | null;
}

export interface CachedAssignment {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId: string | null;
  serialNumber: string | null;
}

export type DeploymentStateValue = 'pending-terms' | 'assigning' | 'assigned' | 'failed' | 'reclaiming' | 'reclaimed';

export interface CachedDeployment {
  adamId: string;
  pricingParam: PricingParam;
  clientUserId: string;
  action: 'required' | 'uninstall';
  state: DeploymentStateValue;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  /** Journal entry id of the write this row waits on, if any. */
  journalId: string | null;
}

export interface JournalEntry {
  id: string;
  /** revoke: every asset of the listed users/devices; retire-users: users/retire. */
  kind: 'associate' | 'disassociate' | 'create-users' | 'revoke' | 'retire-users';
  adamId: string | null;
  pricingParam: PricingParam | null;
  clientUserIds: string[];
  /** Devices the write targets (serial-number licensing); [] for user-only writes and older caches. */
  serialNumbers: string[];
  /** Written by the holders views (device deploy, revoke, retire, reclaim): applied by deploy/holder-apply.ts. */
  holders?: true;
  status: 'prepared' | 'sent' | 'done' | 'failed';
  /**
   * Set just before the request is sent: a 'prepared' entry with it may have
   * reached Apple (answer lost), one without it never left (deploy/read-back.ts).
   */
  attemptedAt?: string;
  eventId: string | null;
  createdAt: string;
  updatedAt: string;
  error: string | null;
  /** Where the write was started and by which OS user, for the activity log (absent in older caches). */
  source?: ActivitySource;
  actor?: string | null;
}

/** The people and devices that should hold licenses, kept so the reclaim view works offline. */
export interface CachedRoster {
  fileName: string;
  loadedAt: string;
  clientUserIds: string[];
  emails: string[];
  serialNumbers: string[];
}

export interface SyncMeta {
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  versions: { assets: string | null; users: string | null; assignments: string | null };
  history: SyncHistoryEntry[];
  /** Why scheduled syncs are paused (token problem, another product); null when running. */
  paused: string | null;
  intervalHours: number;
  /**
   * The assignments part the deployment rows were last checked against
   * (deploy/row-reconcile.ts), by any process: a process started later does
   * not read a million assignments again to repeat that check.
   */
  rowsCheckedAgainst?: string | null | undefined;
}

/** License insight settings and alert state (core/insight). */
export interface InsightState {
  /** The organisation's low-stock rule. */
  rule: LowStockRule;
  /** Per-app overrides, keyed by appKey. */
  overrides: Record<string, LowStockRule>;
  /** Apps (appKey) at or below their threshold whose crossing was already alerted: one alert per crossing. */
  alerted: string[];
  /**
   * The assets part file whose counts the usage history last recorded: a sync that kept that part (Apple's apps
   * unchanged) has nothing to record, and reading 10,000 apps' history at 1M cost ~100 ms of the window's thread.
   */
  recordedAgainst?: string | null | undefined;
  /** The assets part file and rules the low-stock alerts were last checked against (see recordedAgainst). */
  checkedAgainst?: string | null | undefined;
}

export interface CacheData {
  schemaVersion: number;
  token: TokenMeta | null;
  account: BoundAccount | null;
  service: ServiceInfo | null;
  sync: SyncMeta;
  assets: CachedAsset[];
  users: CachedUser[];
  assignments: CachedAssignment[];
  appNames: Record<string, string>;
  deployments: CachedDeployment[];
  journal: JournalEntry[];
  activity: ActivityEntry[];
  roster: CachedRoster | null;
  insight: InsightState;
}

export function emptyCache(): CacheData {
  return {
    schemaVersion: SCHEMA_VERSION,
    token: null,
    account: null,
    service: null,
    sync: {
      lastSyncAt: null,
      lastAttemptAt: null,
      versions: { assets: null, users: null, assignments: null },
      history: [],
      paused: null,
      intervalHours: 12,
    },
    assets: [],
    users: [],
    assignments: [],
    appNames: {},
    deployments: [],
    journal: [],
    activity: [],
    roster: null,
    insight: { rule: { ...DEFAULT_LOW_STOCK_RULE }, overrides: {}, alerted: [] },
  };
}

/** A part file named by the main file: its bare name, rows and digest (snapshot-parts.ts's PartRef). */
export interface OwnPartRef {
  file: string;
  rows: number;
  sha256?: string | undefined;
  /** Rows per app, and rows in state assigned per app (appKey): the apps list reads these, not the rows. */
  perAsset?: Record<string, number> | undefined;
  assignedPerAsset?: Record<string, number> | undefined;
  /** The rows changed or added since the part was written, appended to a file of their own (row-changes.ts). */
  changes?: ChangesRef | undefined;
}

/**
 * The main file as read: everything but the snapshot and the deployment rows, plus the names of the files holding
 * them. `deployments` holds the rows only in caches of schema 1 (written in the main file), [] otherwise.
 */
export type MainFile = Omit<CacheData, 'assets' | 'users' | 'assignments'> & {
  snapshotFile: string | null;
  deploymentsPart: OwnPartRef | null;
};
/** Apple's bulk data, kept in its own file so the main file stays small. */
export type SnapshotFile = Pick<CacheData, 'assets' | 'users' | 'assignments'>;
