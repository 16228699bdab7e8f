/**
 * Who holds each license: the holder, holding, device and roster shapes the
 * window, the CLI and core share, and the plans and outcomes of the writes
 * that free licenses (device deploy, revoke, retire, reclaim).
 */
import * as z from 'zod';
import { deferred } from './deferred';
import { DeployAction, PricingParam, TermsStatus } from './domain';

export const AssignedBy = z.enum(['vpp-desk', 'other']);
export type AssignedBy = z.infer<typeof AssignedBy>;

export const HolderKind = z.enum(['user', 'device']);
export type HolderKind = z.infer<typeof HolderKind>;

/** One license of one app held by a user or a device (exactly one of clientUserId, serialNumber is set). */
export const HolderRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    clientUserId: z.string().nullable(),
    serialNumber: z.string().nullable(),
    email: z.string().nullable(),
    /** null for a device: the terms are a person's. */
    termsStatus: TermsStatus.nullable(),
    assignedBy: AssignedBy,
    /** When VPP Desk assigned it; null when another tool did (Apple does not say when). */
    since: z.string().nullable(),
  }),
);
export type HolderRow = z.infer<typeof HolderRow>;

/** One app a user or device holds. */
export const HoldingRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    assignedBy: AssignedBy,
    deviceAssignable: z.boolean(),
  }),
);
export type HoldingRow = z.infer<typeof HoldingRow>;

export const Holdings = deferred(() =>
  z.object({
    clientUserId: z.string().nullable(),
    serialNumber: z.string().nullable(),
    email: z.string().nullable(),
    status: z.string().nullable(),
    termsStatus: TermsStatus.nullable(),
    inviteUrl: z.string().nullable(),
    apps: z.array(HoldingRow),
  }),
);
export type Holdings = z.infer<typeof Holdings>;

export const DeviceRow = deferred(() => z.object({ serialNumber: z.string(), apps: z.number().int() }));
export type DeviceRow = z.infer<typeof DeviceRow>;

/** A device's serial number: letters and digits (Apple's are 10-12; others allowed up to 64). */
export const SerialNumber = deferred(() =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'is not a valid serial number (letters, digits and dashes, at most 64)'),
);

const AdamId = deferred(() => z.string().regex(/^\d{1,20}$/, 'Name one app by its numeric adamId'));

export const SerialDeployRequest = deferred(() =>
  z.object({
    adamId: AdamId,
    pricingParam: PricingParam.optional(),
    serialNumbers: z.array(SerialNumber).min(1).max(100_000),
    action: DeployAction,
  }),
);
export type SerialDeployRequest = z.input<typeof SerialDeployRequest>;

export const SerialDeployPlan = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    appName: z.string(),
    action: DeployAction,
    devices: z.number().int(),
    licensesAvailable: z.number().int(),
    willAssign: z.number().int(),
    alreadyAssigned: z.number().int(),
    willFail: z.number().int(),
    willReclaim: z.number().int(),
    nothingToReclaim: z.number().int(),
    /** Serial numbers each request touches, so the plan names the devices. */
    assign: z.array(z.string()),
    reclaim: z.array(z.string()),
    noLicenses: z.array(z.string()),
  }),
);
export type SerialDeployPlan = z.infer<typeof SerialDeployPlan>;

export const ItemOutcome = z.enum(['done', 'failed', 'skipped', 'planned']);
export type ItemOutcome = z.infer<typeof ItemOutcome>;

/** One license touched by a write: which app, which holder, what happened. */
export const WriteItem = deferred(() =>
  z.object({
    adamId: z.string().nullable(),
    pricingParam: PricingParam.nullable(),
    clientUserId: z.string().nullable(),
    serialNumber: z.string().nullable(),
    outcome: ItemOutcome,
    reason: z.string().nullable(),
  }),
);
export type WriteItem = z.infer<typeof WriteItem>;

export const SerialDeployOutcome = deferred(() => z.object({ plan: SerialDeployPlan, items: z.array(WriteItem) }));
export type SerialDeployOutcome = z.infer<typeof SerialDeployOutcome>;

/** One holder: a user (clientUserId) or a device (serialNumber). */
export const HolderRef = deferred(() =>
  z
    .object({ clientUserId: z.string().trim().min(1).max(256).optional(), serialNumber: SerialNumber.optional() })
    .refine((r) => (r.clientUserId === undefined) !== (r.serialNumber === undefined), {
      message: 'Name one user (clientUserId) or one device (serialNumber)',
    }),
);
export type HolderRef = z.input<typeof HolderRef>;

export const RetireRequest = deferred(() =>
  z.object({ clientUserIds: z.array(z.string().trim().min(1).max(256)).min(1).max(10_000) }),
);

/** What a revoke, a retire or a reclaim will free, naming every holder and license. */
export const FreePlan = deferred(() =>
  z.object({
    kind: z.enum(['revoke', 'retire', 'reclaim']),
    people: z.number().int(),
    devices: z.number().int(),
    licenses: z.number().int(),
    items: z.array(WriteItem),
    /** Why nothing can be sent (e.g. a user unknown to Apple); null when it can. */
    refused: z.string().nullable(),
  }),
);
export type FreePlan = z.infer<typeof FreePlan>;

export const FreeOutcome = deferred(() =>
  z.object({
    plan: FreePlan,
    holders: z.number().int(),
    licenses: z.number().int(),
    reclaimed: z.number().int(),
    failed: z.number().int(),
    items: z.array(WriteItem),
  }),
);
export type FreeOutcome = z.infer<typeof FreeOutcome>;

/** The people and devices that should hold licenses (the last one loaded is kept for offline review). */
export const RosterSummary = deferred(() =>
  z.object({
    fileName: z.string(),
    loadedAt: z.string(),
    clientUserIds: z.number().int(),
    emails: z.number().int(),
    serialNumbers: z.number().int(),
  }),
);
export type RosterSummary = z.infer<typeof RosterSummary>;

export const RosterLoadRequest = deferred(() =>
  z.object({
    fileName: z.string().trim().min(1).max(260),
    text: z
      .string()
      .min(1)
      .max(20 * 1024 * 1024),
  }),
);

/** A roster given inline (the CLI) or, when absent, the one kept from the last load. */
export const ReclaimQuery = deferred(() =>
  z.object({
    roster: RosterLoadRequest.optional(),
    adamId: AdamId.optional(),
  }),
);

export const ReclaimApp = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    licenses: z.number().int(),
  }),
);

export const ReclaimItem = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    clientUserId: z.string().nullable(),
    serialNumber: z.string().nullable(),
    email: z.string().nullable(),
    assignedBy: AssignedBy,
    revocable: z.boolean(),
  }),
);
export type ReclaimItem = z.infer<typeof ReclaimItem>;

export const ReclaimReport = deferred(() =>
  z.object({
    roster: RosterSummary.nullable(),
    people: z.number().int(),
    devices: z.number().int(),
    licenses: z.number().int(),
    /** "37 licenses held by 21 people and 9 devices not in your roster" */
    sentence: z.string(),
    apps: z.array(ReclaimApp),
    items: z.array(ReclaimItem),
  }),
);
export type ReclaimReport = z.infer<typeof ReclaimReport>;

export const ReclaimSelection = deferred(() =>
  z.array(
    z.object({
      adamId: z.string(),
      pricingParam: PricingParam,
      clientUserId: z.string().nullable(),
      serialNumber: z.string().nullable(),
    }),
  ),
);

export const ReclaimRunRequest = deferred(() =>
  ReclaimQuery.unwrap().extend({
    /** Only these licenses (each must be outside the roster); all of them when absent. */
    selection: ReclaimSelection.unwrap().max(200_000).optional(),
  }),
);
