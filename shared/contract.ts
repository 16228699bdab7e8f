/**
 * The one contract between the window and the main process. Each channel maps
 * to a request schema and a result schema; the preload, the Electron IPC
 * binding, the CLI and the browser preview host are all derived from this
 * table, so a channel is declared exactly once.
 */
import * as z from 'zod';
import { deferred } from './deferred';
import {
  ActivityEntry,
  ActivityKind,
  ActivitySource,
  AppInfo,
  AppRow,
  AssignmentRow,
  DeployAction,
  DeploymentRow,
  DeploymentState,
  PricingParam,
  SyncProgress,
  SyncStatus,
  SyncSummary,
  TermsStatus,
  TokenStatus,
  UserRow,
} from './domain';
import {
  AssignedBy,
  DeviceRow,
  FreeOutcome,
  FreePlan,
  HolderKind,
  HolderRef,
  HolderRow,
  Holdings,
  ReclaimQuery,
  ReclaimReport,
  ReclaimRunRequest,
  RetireRequest,
  RosterLoadRequest,
  RosterSummary,
  SerialDeployOutcome,
  SerialDeployPlan,
  SerialDeployRequest,
} from './holders';
import {
  AlertsResult,
  AppInsight,
  HistoryRow,
  LowStockSettingsResult,
  Overview,
  ReportResult,
  SetRuleRequest,
} from './insight';
import { findInvisible } from './invisible';

const Empty = deferred(() => z.object({}).strict());

/** A window of rows out of a larger filtered, sorted set (for virtual lists). */
export const PageRequest = deferred(() =>
  z.object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(500),
    search: z.string().max(200).default(''),
    sortBy: z.string().max(40).optional(),
    sortDir: z.enum(['asc', 'desc']).default('asc'),
  }),
);
export type PageRequest = z.input<typeof PageRequest>;

const page = <T extends z.ZodType>(row: T) =>
  deferred(() => z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(row) }));

export const TokenImportRequest = deferred(() =>
  z.object({
    /** The .vpptoken file's text (one Base64 string). Crosses IPC once, inbound only. */
    fileContent: z
      .string()
      .min(1)
      .max(64 * 1024),
    appleId: z.string().trim().min(3).max(320),
    label: z.string().trim().max(100).default(''),
    /** Must be true: checked by core so the admin gets the sentence, not a schema error. */
    acceptAccountLock: z.boolean(),
    /** Separately confirmed take-over of a token another product holds. */
    allowTakeover: z.boolean().default(false),
    /** Confirmed replacement of the installed token by one that expires sooner (the renewal guard). */
    acceptEarlierExpiry: z.boolean().default(false),
  }),
);
export type TokenImportRequest = z.input<typeof TokenImportRequest>;

export const AppsQuery = deferred(() => PageRequest.unwrap().extend({ lowStockOnly: z.boolean().default(false) }));
export const UsersQuery = deferred(() => PageRequest.unwrap().extend({ terms: TermsStatus.optional() }));
export const DeploymentsQuery = deferred(() =>
  PageRequest.unwrap().extend({
    adamId: z.string().max(40).optional(),
    action: DeployAction.optional(),
    state: DeploymentState.optional(),
    terms: TermsStatus.optional(),
  }),
);
export const ActivityQuery = deferred(() =>
  PageRequest.unwrap().extend({
    kind: ActivityKind.optional(),
    source: ActivitySource.optional(),
    /** A user's clientUserId (exact). */
    clientUserId: z.string().max(256).optional(),
    adamId: z.string().max(40).optional(),
    /** ISO times, inclusive. */
    since: z.string().datetime().optional(),
    until: z.string().datetime().optional(),
  }),
);
export const HoldersQuery = deferred(() =>
  PageRequest.unwrap().extend({
    adamId: z.string().max(40),
    pricingParam: PricingParam.optional(),
    kind: HolderKind.optional(),
    assignedBy: AssignedBy.optional(),
    terms: TermsStatus.optional(),
  }),
);

/** An MDM's id for a user: no spaces, commas or semicolons (they separate ids in lists and files). */
export const ClientUserId = deferred(() =>
  z
    .string()
    .trim()
    .regex(/^[^\s,;]{1,256}$/, 'is not a valid user id (no spaces, commas or semicolons, at most 256 characters)')
    .superRefine((id, ctx) => {
      // Pasted ids too, not only files: an invisible character makes Apple see a new user.
      const found = findInvisible(id);
      if (found)
        ctx.addIssue({
          code: 'custom',
          message: `"${id.replace(/[^\x20-\x7E]/g, '?')}" contains an invisible character (${found.codePoint}); retype the id`,
        });
    }),
);

export const DeployRequest = deferred(() =>
  z.object({
    adamId: z.string().regex(/^\d{1,20}$/, 'Name one app by its numeric adamId'),
    pricingParam: PricingParam.optional(),
    clientUserIds: z.array(ClientUserId).min(1).max(100_000),
    action: DeployAction,
    /**
     * Register ids Apple does not know even though each looks like a known
     * user's (another case, or their email): the admin chose so in the plan.
     */
    registerLookalikes: z.boolean().optional(),
  }),
);
export type DeployRequest = z.input<typeof DeployRequest>;

/** What the plan does for one user (electron/core/deploy/licenses.ts decides it). */
export const PlanDecision = z.enum([
  'assign',
  'already-assigned',
  'in-flight',
  'register',
  'pending-terms',
  'no-licenses',
  'retired',
  'reclaim',
  'nothing-to-reclaim',
]);
export type PlanDecision = z.infer<typeof PlanDecision>;

/** One user the plan names, in the order given. */
export const PlanPerson = deferred(() =>
  z.object({
    clientUserId: z.string(),
    decision: PlanDecision,
    email: z.string().nullable(),
    /** The VPP invitation to send again, for users still to accept the terms. */
    inviteUrl: z.string().nullable(),
    reason: z.string().nullable(),
  }),
);
export type PlanPerson = z.infer<typeof PlanPerson>;

/** An id Apple does not know that looks like a known user's: the admin must choose. */
export const PlanLookalike = deferred(() =>
  z.object({
    clientUserId: z.string(),
    suggestion: z.string(),
    why: z.enum(['case', 'email']),
  }),
);
export type PlanLookalike = z.infer<typeof PlanLookalike>;

export const DeployPlan = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    appName: z.string(),
    action: DeployAction,
    users: z.number().int(),
    licensesNeeded: z.number().int(),
    licensesAvailable: z.number().int(),
    willAssign: z.number().int(),
    alreadyAssigned: z.number().int(),
    pendingTerms: z.number().int(),
    toRegister: z.number().int(),
    willFail: z.number().int(),
    willReclaim: z.number().int(),
    /** Every user by name with what happens to them (optional: outcomes of a run carry counts only). */
    people: z.array(PlanPerson).optional(),
    lookalikes: z.array(PlanLookalike).optional(),
  }),
);
export type DeployPlan = z.infer<typeof DeployPlan>;

export const DeployOutcome = deferred(() =>
  z.object({
    plan: DeployPlan,
    rows: z.array(DeploymentRow),
  }),
);
export type DeployOutcome = z.infer<typeof DeployOutcome>;

export const RetryRequest = deferred(() =>
  z.object({
    rows: z.array(z.object({ adamId: z.string(), pricingParam: PricingParam, clientUserId: z.string() })).min(1),
  }),
);

export const ExportRequest = deferred(() =>
  z.object({
    what: z.enum(['deployments', 'activity', 'apps', 'users']),
    query: DeploymentsQuery.unwrap().partial().optional(),
    /** The activity log's filters, when what is 'activity'. */
    activity: ActivityQuery.unwrap().partial().optional(),
  }),
);
export const ExportResult = deferred(() => z.object({ fileName: z.string(), csv: z.string() }));
/** An app's holders (adamId required) or every device, as CSV. */
export const HoldersExportRequest = deferred(() =>
  z.object({
    what: z.enum(['holders', 'devices']),
    adamId: z.string().max(40).optional(),
    pricingParam: PricingParam.optional(),
  }),
);

export const contract = {
  'app:info': { request: Empty, result: AppInfo },
  'token:status': { request: Empty, result: TokenStatus },
  'token:import': { request: TokenImportRequest, result: TokenStatus },
  'token:remove': { request: Empty, result: TokenStatus },
  'sync:now': {
    /** from: the tray's "Sync now" says so; the window's is the default (the CLI is told by its transport). */
    request: deferred(() =>
      z.object({ full: z.boolean().default(false), from: z.enum(['window', 'tray']).optional() }),
    ),
    result: SyncSummary,
  },
  'sync:status': { request: Empty, result: SyncStatus },
  /** How often the scheduled sync runs (default every 12 hours: twice a day). */
  'sync:schedule': {
    request: deferred(() => z.object({ intervalHours: z.number().int().min(1).max(168) })),
    result: SyncStatus,
  },
  'apps:query': { request: AppsQuery, result: page(AppRow) },
  'users:query': { request: UsersQuery, result: page(UserRow) },
  'assignments:query': { request: PageRequest, result: page(AssignmentRow) },
  'deploy:plan': { request: DeployRequest, result: DeployPlan },
  'deploy:run': { request: DeployRequest, result: DeployOutcome },
  'deployments:query': { request: DeploymentsQuery, result: page(DeploymentRow) },
  'deployments:retry': { request: RetryRequest, result: DeployOutcome },
  'activity:query': { request: ActivityQuery, result: page(ActivityEntry) },
  'export:csv': { request: ExportRequest, result: ExportResult },
  /** Who holds an app's licenses (users and devices), from Apple's synced assignments. */
  'holders:query': { request: HoldersQuery, result: page(HolderRow) },
  'holdings:get': { request: HolderRef, result: Holdings },
  'devices:query': { request: PageRequest, result: page(DeviceRow) },
  'deploy:serials-plan': { request: SerialDeployRequest, result: SerialDeployPlan },
  'deploy:serials-run': { request: SerialDeployRequest, result: SerialDeployOutcome },
  'revoke:plan': { request: HolderRef, result: FreePlan },
  'revoke:run': { request: HolderRef, result: FreeOutcome },
  'retire:plan': { request: RetireRequest, result: FreePlan },
  'retire:run': { request: RetireRequest, result: FreeOutcome },
  'roster:load': { request: RosterLoadRequest, result: RosterSummary },
  'roster:get': { request: Empty, result: RosterSummary.nullable() },
  'reclaim:report': { request: ReclaimQuery, result: ReclaimReport },
  'reclaim:plan': { request: ReclaimRunRequest, result: FreePlan },
  'reclaim:run': { request: ReclaimRunRequest, result: FreeOutcome },
  'holders:csv': { request: HoldersExportRequest, result: ExportResult },
  'insight:alerts': { request: Empty, result: AlertsResult },
  'insight:rule': { request: SetRuleRequest, result: LowStockSettingsResult },
  'insight:history': {
    request: deferred(() => z.object({ adamId: z.string().max(40).optional(), pricingParam: PricingParam.optional() })),
    result: z.array(HistoryRow),
  },
  'insight:app': {
    request: deferred(() => z.object({ adamId: z.string().max(40), pricingParam: PricingParam.optional() })),
    result: AppInsight,
  },
  'insight:overview': { request: Empty, result: Overview },
  'insight:report': { request: Empty, result: ReportResult },
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Contract[C]['request']>;
export type ResultOf<C extends Channel> = z.output<Contract[C]['result']>;

/** Pushed from main to the window; subscribe through window.vpp.on*. */
export const events = {
  'sync:progress': SyncProgress,
  'state:changed': deferred(() => z.object({ reason: z.enum(['token', 'sync', 'deployments', 'connectivity']) })),
} as const;
export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** Every transport wraps a result the same way, so errors keep their code. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export function isChannel(value: string): value is Channel {
  return Object.prototype.hasOwnProperty.call(contract, value);
}

/** Prefix shared by Electron IPC channel names, so ours never collide. */
export { IPC_PREFIX } from './ipc-names';
