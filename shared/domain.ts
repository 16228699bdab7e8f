/**
 * Domain types shared by main, preload, CLI, preview host and renderer.
 * Only plain data lives here: no Node, no Electron, no React.
 */
import * as z from 'zod';
import { deferred } from './deferred';

export const PricingParam = z.enum(['STDQ', 'PLUS']);
export type PricingParam = z.infer<typeof PricingParam>;

export const TokenState = z.enum(['none', 'valid', 'expiring', 'expired', 'revoked', 'invalid']);
export type TokenState = z.infer<typeof TokenState>;

/** What the app may show about the token: metadata only, never the secret. */
export const TokenStatus = deferred(() =>
  z.object({
    state: TokenState,
    label: z.string().nullable(),
    appleId: z.string().nullable(),
    orgName: z.string().nullable(),
    locationName: z.string().nullable(),
    countryCode: z.string().nullable(),
    uId: z.string().nullable(),
    expiresAt: z.string().nullable(),
    daysLeft: z.number().int().nullable(),
    lastUpdatedAt: z.string().nullable(),
    lastSyncAt: z.string().nullable(),
  }),
);
export type TokenStatus = z.infer<typeof TokenStatus>;

export const TermsStatus = z.enum(['accepted', 'pending', 'retired', 'not-invited']);
export type TermsStatus = z.infer<typeof TermsStatus>;

export const AppRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    productType: z.string(),
    name: z.string(),
    supportedPlatforms: z.array(z.string()),
    deviceAssignable: z.boolean(),
    revocable: z.boolean(),
    totalCount: z.number().int(),
    assignedCount: z.number().int(),
    availableCount: z.number().int(),
    retiredCount: z.number().int(),
    deploymentCount: z.number().int(),
    /** Of Apple's assignments (assignedCount), how many VPP Desk made (its rows in state assigned). */
    vppDeskAssigned: z.number().int(),
  }),
);
export type AppRow = z.infer<typeof AppRow>;

export const UserRow = deferred(() =>
  z.object({
    clientUserId: z.string(),
    email: z.string().nullable(),
    status: z.string(),
    termsStatus: TermsStatus,
    inviteUrl: z.string().nullable(),
  }),
);
export type UserRow = z.infer<typeof UserRow>;

export const AssignmentRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    clientUserId: z.string().nullable(),
    serialNumber: z.string().nullable(),
  }),
);
export type AssignmentRow = z.infer<typeof AssignmentRow>;

export const DeployAction = z.enum(['required', 'uninstall']);
export type DeployAction = z.infer<typeof DeployAction>;

export const DeploymentState = z.enum(['pending-terms', 'assigning', 'assigned', 'failed', 'reclaiming', 'reclaimed']);
export type DeploymentState = z.infer<typeof DeploymentState>;

export const DeploymentRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    appName: z.string(),
    clientUserId: z.string(),
    email: z.string().nullable(),
    action: DeployAction,
    state: DeploymentState,
    termsStatus: TermsStatus,
    reason: z.string().nullable(),
    updatedAt: z.string(),
  }),
);
export type DeploymentRow = z.infer<typeof DeploymentRow>;

export const SyncPhase = z.enum(['idle', 'config', 'assets', 'users', 'assignments', 'metadata', 'saving']);
export type SyncPhase = z.infer<typeof SyncPhase>;

export const SyncProgress = deferred(() =>
  z.object({
    running: z.boolean(),
    phase: SyncPhase,
    pagesDone: z.number().int(),
    pagesTotal: z.number().int(),
  }),
);
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncSummary = deferred(() =>
  z.object({
    mode: z.enum(['full', 'incremental']),
    assets: z.number().int(),
    users: z.number().int(),
    assignments: z.number().int(),
    durationMs: z.number().int(),
  }),
);
export type SyncSummary = z.infer<typeof SyncSummary>;

export const SyncHistoryEntry = deferred(() =>
  z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    ok: z.boolean(),
    trigger: z.enum(['manual', 'schedule', 'startup', 'cli', 'wake', 'tray']),
    summary: SyncSummary.nullable(),
    error: z.string().nullable(),
  }),
);
export type SyncHistoryEntry = z.infer<typeof SyncHistoryEntry>;

export const SyncStatus = deferred(() =>
  z.object({
    progress: SyncProgress,
    lastSyncAt: z.string().nullable(),
    nextSyncAt: z.string().nullable(),
    intervalHours: z.number(),
    paused: z.string().nullable(),
    history: z.array(SyncHistoryEntry),
  }),
);
export type SyncStatus = z.infer<typeof SyncStatus>;

export const ActivityKind = z.enum([
  'token-uploaded',
  'token-renewed',
  'token-removed',
  'token-state',
  'sync',
  'sync-failed',
  'deployment',
  'license-assigned',
  'license-reclaimed',
  'failure',
  'cache',
  'license-failed',
  'license-revoked',
  'low-stock',
]);
export type ActivityKind = z.infer<typeof ActivityKind>;

/** Where an action came from; 'unknown' marks entries written before sources were recorded. */
export const ActivitySource = z.enum(['window', 'tray', 'cli', 'schedule', 'system', 'unknown']);
export type ActivitySource = z.infer<typeof ActivitySource>;

/**
 * One audit entry. The fields after message were added later: defaults keep
 * old caches loading (cache/migrate.ts fills them in as well).
 */
export const ActivityEntry = deferred(() =>
  z.object({
    at: z.string(),
    kind: ActivityKind,
    message: z.string(),
    source: ActivitySource.default('unknown'),
    /** The OS user who acted (os.userInfo().username), null when unknown. */
    actor: z.string().nullable().default(null),
    adamId: z.string().nullable().default(null),
    clientUserId: z.string().nullable().default(null),
    serialNumber: z.string().nullable().default(null),
  }),
);
export type ActivityEntry = z.infer<typeof ActivityEntry>;

/** Connection and cache facts the window shows in its header and banners. */
export const AppInfo = deferred(() =>
  z.object({
    version: z.string(),
    transport: z.enum(['electron', 'preview']),
    demo: z.boolean(),
    online: z.boolean(),
    dataAsOf: z.string().nullable(),
    notices: z.array(z.string()),
  }),
);
export type AppInfo = z.infer<typeof AppInfo>;
