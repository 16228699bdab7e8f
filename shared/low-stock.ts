/**
 * When an app's licenses count as running low. A rule is "P % of those
 * purchased or N left, whichever is more" (either part may be 0); the
 * organisation has one default and an app may override it. One rule for
 * core's filter, sort, alerts and report and the window's flag, so they agree,
 * and one sentence describing it wherever the flag shows.
 */
import * as z from 'zod';
import { deferred } from './deferred';
import { appKey } from './keys';

export const LowStockRule = deferred(() =>
  z.object({
    percent: z.number().min(0).max(100),
    minLeft: z.number().int().min(0).max(1_000_000),
  }),
);
export type LowStockRule = z.infer<typeof LowStockRule>;

/** "10 % or 5 left, whichever is more": a percentage alone says nothing to a small pool. */
export const DEFAULT_LOW_STOCK_RULE: LowStockRule = { percent: 10, minLeft: 5 };

/** The organisation default and per-app overrides (keyed by appKey). */
export interface LowStockSettings {
  rule: LowStockRule;
  overrides: Readonly<Record<string, LowStockRule>>;
}

interface Counts {
  totalCount: number;
  availableCount: number;
}

export function ruleFor(settings: LowStockSettings, adamId: string, pricingParam: string): LowStockRule {
  return settings.overrides[appKey(adamId, pricingParam)] ?? settings.rule;
}

/** Licenses left at or below which the app is low. */
export function lowStockThreshold(totalCount: number, rule: LowStockRule = DEFAULT_LOW_STOCK_RULE): number {
  return Math.max(Math.floor((Math.max(0, totalCount) * rule.percent) / 100), rule.minLeft);
}

export function isLowStock(app: Counts, rule: LowStockRule = DEFAULT_LOW_STOCK_RULE): boolean {
  return app.totalCount > 0 && app.availableCount <= lowStockThreshold(app.totalCount, rule);
}

/**
 * How far an app is from its threshold (licenses left above it; negative
 * below): smaller is more urgent. Apps with nothing purchased sort last.
 */
export function urgencyOf(app: Counts, rule: LowStockRule = DEFAULT_LOW_STOCK_RULE): number {
  if (app.totalCount <= 0) return Number.MAX_SAFE_INTEGER;
  return app.availableCount - lowStockThreshold(app.totalCount, rule);
}

/** The rule in words, for every place the flag shows. */
export function describeLowStockRule(rule: LowStockRule): string {
  const left = `${rule.minLeft} ${rule.minLeft === 1 ? 'license' : 'licenses'} left`;
  if (rule.percent > 0 && rule.minLeft > 0) return `Low when ${rule.percent} % or ${left}, whichever is more`;
  if (rule.percent > 0) return `Low when ${rule.percent} % of the purchased licenses or fewer are left`;
  if (rule.minLeft > 0) return `Low when ${left} or fewer`;
  return 'Low only when none are left';
}

/** The short form an admin types: "5" (licenses left) or "10%" (of those purchased). */
export function formatLowStockRule(rule: LowStockRule): string {
  if (rule.percent > 0 && rule.minLeft > 0) return `${rule.percent}% or ${rule.minLeft}`;
  return rule.percent > 0 ? `${rule.percent}%` : String(rule.minLeft);
}

/** Parses "N", "N%" or "P% or N"; null when it is none of those. */
export function parseLowStockRule(text: string): LowStockRule | null {
  const t = text.trim().toLowerCase();
  const both = /^(\d{1,3}(?:\.\d+)?)\s*%\s*(?:or|,|\+)\s*(\d{1,7})$/.exec(t);
  const pct = /^(\d{1,3}(?:\.\d+)?)\s*%$/.exec(t);
  const left = /^(\d{1,7})$/.exec(t);
  const rule = both
    ? { percent: Number(both[1]), minLeft: Number(both[2]) }
    : pct
      ? { percent: Number(pct[1]), minLeft: 0 }
      : left
        ? { percent: 0, minLeft: Number(left[1]) }
        : null;
  return rule && LowStockRule.safeParse(rule).success ? rule : null;
}
