/**
 * License insight as the window and the CLI see it: low-stock alerts, usage
 * history, forecasts, the organisation overview and the printable report.
 */
import * as z from 'zod';
import { deferred } from './deferred';
import { PricingParam } from './domain';
import { LowStockRule } from './low-stock';

/** One app's counts as a sync recorded them (only when they changed). */
export const HistoryRow = deferred(() =>
  z.object({
    at: z.string(),
    adamId: z.string(),
    pricingParam: PricingParam,
    purchased: z.number().int(),
    used: z.number().int(),
    available: z.number().int(),
  }),
);
export type HistoryRow = z.infer<typeof HistoryRow>;

export const Forecast = deferred(() =>
  z.object({
    /** unknown: too little history to tell. */
    trend: z.enum(['unknown', 'stable', 'depleting', 'out']),
    /** Licenses used per day over the window (negative when licenses came back). */
    perDay: z.number().nullable(),
    runsOutInDays: z.number().int().nullable(),
    /** Licenses to buy so the current pace lasts the horizon; null when unknown. */
    buyToLast: z.number().int().nullable(),
    horizonDays: z.number().int(),
    /** "Runs out in about 12 days", "Stable", "Too little history to tell (…)". */
    runOutWords: z.string(),
    /** "Buy 8 more to last 90 days", "Enough for 90 days", "Too little history to tell". */
    buyWords: z.string(),
  }),
);
export type Forecast = z.infer<typeof Forecast>;

export const AlertRow = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    available: z.number().int(),
    purchased: z.number().int(),
    threshold: z.number().int(),
    runsOutInDays: z.number().int().nullable(),
    rule: z.string(),
  }),
);
export type AlertRow = z.infer<typeof AlertRow>;

export const RuleOverride = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    rule: LowStockRule,
    words: z.string(),
  }),
);

export const LowStockSettingsResult = deferred(() =>
  z.object({
    rule: LowStockRule,
    /** The rule as an admin types it ("10% or 5"). */
    text: z.string(),
    words: z.string(),
    overrides: z.array(RuleOverride),
  }),
);
export type LowStockSettingsResult = z.infer<typeof LowStockSettingsResult>;

export const AlertsResult = deferred(() => z.object({ settings: LowStockSettingsResult, alerts: z.array(AlertRow) }));
export type AlertsResult = z.infer<typeof AlertsResult>;

export const SetRuleRequest = deferred(() =>
  z.object({
    /** "N" (licenses left), "N%" (of those purchased) or "P% or N"; null clears an app's override. */
    rule: z.string().trim().max(40).nullable(),
    adamId: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
    pricingParam: PricingParam.optional(),
  }),
);

export const AppInsight = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    history: z.array(HistoryRow),
    forecast: Forecast,
    low: z.boolean(),
    threshold: z.number().int(),
    rule: z.string(),
  }),
);
export type AppInsight = z.infer<typeof AppInsight>;

export const Mover = deferred(() =>
  z.object({
    adamId: z.string(),
    pricingParam: PricingParam,
    name: z.string(),
    /** Change in licenses used over the window (positive: more used). */
    usedChange: z.number().int(),
    used: z.number().int(),
    purchased: z.number().int(),
  }),
);

export const Overview = deferred(() =>
  z.object({
    windowDays: z.number().int(),
    totals: z.object({
      apps: z.number().int(),
      purchased: z.number().int(),
      used: z.number().int(),
      available: z.number().int(),
    }),
    /** Organisation totals after each recorded change, oldest first. */
    series: z.array(z.object({ at: z.string(), purchased: z.number().int(), used: z.number().int() })),
    movers: z.array(Mover),
    alerts: z.array(AlertRow),
    lastSyncAt: z.string().nullable(),
  }),
);
export type Overview = z.infer<typeof Overview>;

export const ReportResult = deferred(() => z.object({ fileName: z.string(), html: z.string() }));
