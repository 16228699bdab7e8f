/**
 * License insight: records usage history after each sync, raises one
 * low-stock alert per crossing (activity entry + desktop notification),
 * and answers the alerts, history, forecast, overview and report reads.
 */
import { VppError } from '../../../shared/errors';
import { appKey } from '../../../shared/keys';
import {
  describeLowStockRule,
  formatLowStockRule,
  isLowStock,
  lowStockThreshold,
  parseLowStockRule,
  ruleFor,
  urgencyOf,
  type LowStockRule,
} from '../../../shared/low-stock';
import { count } from '../base';
import { collectSteps, inTurns, now, type Queries, type Steps } from '../views';
import { detectCrossings } from './crossings';
import { forecast, WINDOW_DAYS } from './forecast';
import { historyRows, pointAt, secondsOf, splitKey, type Series } from './history';
import { renderReport, type ReportInput } from './report';
import type { ActivitySource, PricingParam } from '../../../shared/domain';
import type {
  AlertRow,
  AlertsResult,
  AppInsight,
  HistoryRow,
  LowStockSettingsResult,
  Overview,
} from '../../../shared/insight';
import type { Clock, Emitter } from '../base';
import type { CachedAsset, CacheData, Store } from '../cache';
import type { HistoryFile } from './history-file';

/**
 * Assets by appKey, made once per list of alert rows: each row searching
 * 10,000 assets held a million-assignment sync's end ~200 ms.
 */
function assetsByKey(assets: readonly CachedAsset[]): ReadonlyMap<string, CachedAsset> {
  return new Map(assets.map((a) => [appKey(a.adamId, a.pricingParam), a]));
}

export interface InsightDeps {
  store: Store;
  clock: Clock;
  events: Emitter;
  queries: Queries;
  history: HistoryFile;
}

/** More crossings than this at once become one summary notification. */
const NOTIFY_EACH_UP_TO = 3;
/**
 * Low-stock activity lines, one per app, up to this many crossings at once. More (a large district's first sync:
 * ~2,600 apps at 1M) make one line naming a few: thousands of lines buried the log and made up most of the main
 * file, which every command reads and every change rewrites.
 */
const LOG_EACH_UP_TO = 25;
/** Apps named in one line or notice about many. */
const NAMED = 5;
const MOVERS = 5;
const SERIES_POINTS = 200;
const DAY_S = 86_400;

interface RosterLike {
  clientUserIds: readonly string[];
  emails: readonly string[];
  serialNumbers: readonly string[];
}

export class Insight {
  constructor(private readonly deps: InsightDeps) {}

  private ruleOf(data: Readonly<CacheData>, adamId: string, pricingParam: string): LowStockRule {
    return ruleFor(data.insight, adamId, pricingParam);
  }

  /**
   * The assets part in force: every change to the cached counts (a sync, a deployment's fresh counts) writes a
   * new one, so the same name means the same counts. Null for assets held only in memory (always looked at).
   */
  private assetsPart(): string | null {
    return this.deps.store.snapshotParts().parts.assets?.file ?? null;
  }

  /** What the alerts depend on: the counts (their part) and the rules. */
  private alertInputs(d: Readonly<CacheData>): string | null {
    const part = this.assetsPart();
    return part === null ? null : `${part}|${JSON.stringify([d.insight.rule, d.insight.overrides])}`;
  }

  /** After every successful sync: record what changed, then alert on new crossings. */
  async afterSync(source: ActivitySource): Promise<void> {
    const { store } = this.deps;
    const part = this.assetsPart();
    // Counts already recorded (Apple's apps unchanged since): the history is not even read.
    if (part === null || store.data.insight.recordedAgainst !== part) {
      await this.deps.history.record(store.data.assets);
      if (part !== null)
        await store.update((d) => {
          d.insight.recordedAgainst = part;
        });
    }
    await this.checkAlerts(source);
  }

  /** Alerts apps that crossed their threshold since the last check (after a sync, a deployment or a rule change). */
  async checkAlerts(source: ActivitySource): Promise<void> {
    const { store, events } = this.deps;
    await store.refresh();
    const inputs = this.alertInputs(store.data);
    // The same counts and rules as the last check: no new crossing (and no 10,000 apps read to find none).
    if (inputs !== null && store.data.insight.checkedAgainst === inputs) return;
    const check = (d: Readonly<CacheData>) =>
      detectCrossings(d.assets, (id, p) => this.ruleOf(d, id, p), d.insight.alerted);
    // What the rows below are built from: the cache as this check saw it.
    const generation = store.generation;
    const first = check(store.data);
    if (first.crossed.length === 0 && sameSet(first.low, store.data.insight.alerted)) {
      if (inputs !== null)
        await store.update((d) => {
          d.insight.checkedAgainst = inputs;
        });
      return;
    }
    const series = await this.deps.history.read();
    // The rows are built before the change, in slices of their own: in one turn with the check, 10,000 apps
    // crossing at a first sync held the window's thread ~30-55 ms. Used only if the cache is still what they
    // were built from.
    const built = { ...first, rows: await inTurns(this.alertRows(store.data, series, first.crossed)) };
    let crossed: AlertRow[] = [];
    await store.update((d) => {
      const same = store.generation === generation;
      const { crossed: keys, low } = same ? built : check(d);
      d.insight.alerted = low;
      // Checked against what this write sees: a part switched meanwhile is checked again next time.
      d.insight.checkedAgainst = this.alertInputs(d);
      crossed = same ? built.rows : now(this.alertRows(d, series, keys));
      if (crossed.length <= LOG_EACH_UP_TO)
        for (const a of crossed) store.log('low-stock', alertSentence(a), d, { source, adamId: a.adamId });
      else
        store.log(
          'low-stock',
          `${count(crossed.length, 'app')} reached their low-stock thresholds: ${named(crossed)}. Apps, "Low stock only", lists each.`,
          d,
          { source },
        );
    });
    if (crossed.length === 0) return;
    const notices =
      crossed.length <= NOTIFY_EACH_UP_TO
        ? crossed.map((a) => ({ title: `Licenses running low: ${a.name}`, body: alertSentence(a) }))
        : [
            {
              title: `Licenses running low: ${count(crossed.length, 'app')}`,
              body: `${named(crossed)} reached their low-stock thresholds. Open VPP Desk for details.`,
            },
          ];
    for (const notice of notices) events.emit('notify', notice);
    events.emit('state:changed', { reason: 'sync' });
  }

  private alertRows(data: Readonly<CacheData>, series: Readonly<Series>, keys: readonly string[]): Steps<AlertRow[]> {
    const assets = assetsByKey(data.assets);
    // A row's forecast reads its app's history: ~2 µs each warm, far more the first time in a process.
    return collectSteps(keys, (key) => this.alertRow(data, series, key, assets));
  }

  private alertRow(
    data: Readonly<CacheData>,
    series: Readonly<Series>,
    key: string,
    assets: ReadonlyMap<string, CachedAsset>,
  ): AlertRow | null {
    const { adamId, pricingParam } = splitKey(key);
    const asset = assets.get(key);
    if (!asset) return null;
    const rule = this.ruleOf(data, adamId, pricingParam);
    return {
      adamId,
      pricingParam,
      name: this.deps.queries.appName(adamId),
      available: asset.availableCount,
      purchased: asset.totalCount,
      threshold: lowStockThreshold(asset.totalCount, rule),
      runsOutInDays: forecast(series[key] ?? [], this.deps.clock.now()).runsOutInDays,
      rule: describeLowStockRule(rule),
    };
  }

  settings(): LowStockSettingsResult {
    const { insight } = this.deps.store.data;
    return {
      rule: insight.rule,
      text: formatLowStockRule(insight.rule),
      words: describeLowStockRule(insight.rule),
      overrides: Object.entries(insight.overrides).map(([key, rule]) => ({
        ...splitKey(key),
        rule,
        words: describeLowStockRule(rule),
      })),
    };
  }

  /** Sets the organisation default, or one app's override (rule null clears the override). */
  async setRule(
    req: { rule: string | null; adamId?: string | undefined; pricingParam?: PricingParam | undefined },
    source: ActivitySource,
  ): Promise<LowStockSettingsResult> {
    const { store } = this.deps;
    await store.refresh();
    const rule = req.rule === null ? null : parseLowStockRule(req.rule);
    if (req.rule !== null && rule === null)
      throw new VppError(
        'VALIDATION',
        `"${req.rule}" is not a low-stock rule: give N (licenses left) or N% (of those purchased).`,
      );
    let asset: CachedAsset | undefined;
    if (req.adamId) {
      asset = store.data.assets.find(
        (a) => a.adamId === req.adamId && (!req.pricingParam || a.pricingParam === req.pricingParam),
      );
      if (!asset) throw new VppError('UNKNOWN_APP');
    } else if (rule === null) {
      throw new VppError('VALIDATION', 'The organisation always has a low-stock rule; give N or N%.');
    }
    await store.update((d) => {
      if (asset) {
        const key = appKey(asset.adamId, asset.pricingParam);
        const name = this.deps.queries.appName(asset.adamId);
        if (rule) d.insight.overrides[key] = rule;
        else d.insight.overrides = Object.fromEntries(Object.entries(d.insight.overrides).filter(([k]) => k !== key));
        const words = rule
          ? describeLowStockRule(rule)
          : `the organisation's rule (${describeLowStockRule(d.insight.rule)})`;
        store.log('low-stock', `Low-stock rule for ${name} set: ${words}.`, d, { source, adamId: asset.adamId });
      } else if (rule) {
        d.insight.rule = rule;
        store.log('low-stock', `Organisation low-stock rule set: ${describeLowStockRule(rule)}.`, d, { source });
      }
    });
    await this.checkAlerts(source);
    return this.settings();
  }

  /** Apps at or below their threshold, most urgent first. */
  async alerts(): Promise<AlertsResult> {
    const { store } = this.deps;
    await store.refresh();
    const series = await this.deps.history.read();
    const data = store.data;
    const assets = assetsByKey(data.assets);
    const alerts = data.assets
      .filter((a) => isLowStock(a, this.ruleOf(data, a.adamId, a.pricingParam)))
      .sort(
        (a, b) =>
          urgencyOf(a, this.ruleOf(data, a.adamId, a.pricingParam)) -
          urgencyOf(b, this.ruleOf(data, b.adamId, b.pricingParam)),
      )
      .map((a) => this.alertRow(data, series, appKey(a.adamId, a.pricingParam), assets))
      .filter((a): a is AlertRow => a !== null);
    return { settings: this.settings(), alerts };
  }

  async history(filter: {
    adamId?: string | undefined;
    pricingParam?: PricingParam | undefined;
  }): Promise<HistoryRow[]> {
    const series = await this.deps.history.read();
    return historyRows(series, {
      ...(filter.adamId ? { adamId: filter.adamId } : {}),
      ...(filter.pricingParam ? { pricingParam: filter.pricingParam } : {}),
    });
  }

  async app(adamId: string, pricingParam: PricingParam | undefined): Promise<AppInsight> {
    const { store, clock } = this.deps;
    await store.refresh();
    const asset = store.data.assets.find(
      (a) => a.adamId === adamId && (!pricingParam || a.pricingParam === pricingParam),
    );
    if (!asset) throw new VppError('UNKNOWN_APP');
    const series = await this.deps.history.read();
    const key = appKey(asset.adamId, asset.pricingParam);
    const rule = this.ruleOf(store.data, asset.adamId, asset.pricingParam);
    return {
      adamId: asset.adamId,
      pricingParam: asset.pricingParam,
      name: this.deps.queries.appName(asset.adamId),
      history: historyRows({ [key]: series[key] ?? [] }),
      forecast: forecast(series[key] ?? [], clock.now()),
      low: isLowStock(asset, rule),
      threshold: lowStockThreshold(asset.totalCount, rule),
      rule: describeLowStockRule(rule),
    };
  }

  async overview(): Promise<Overview> {
    const { store, clock } = this.deps;
    const { alerts } = await this.alerts();
    const series = await this.deps.history.read();
    const data = store.data;
    const sum = (k: 'totalCount' | 'assignedCount' | 'availableCount') => data.assets.reduce((s, a) => s + a[k], 0);
    const since = secondsOf(clock.now()) - WINDOW_DAYS * DAY_S;
    const movers = data.assets
      .map((a) => {
        const points = series[appKey(a.adamId, a.pricingParam)] ?? [];
        const then = pointAt(points, since) ?? points[0];
        return {
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          name: this.deps.queries.appName(a.adamId),
          usedChange: then ? a.assignedCount - then[2] : 0,
          used: a.assignedCount,
          purchased: a.totalCount,
        };
      })
      .filter((m) => m.usedChange !== 0)
      .sort((x, y) => Math.abs(y.usedChange) - Math.abs(x.usedChange))
      .slice(0, MOVERS);
    return {
      windowDays: WINDOW_DAYS,
      totals: {
        apps: data.assets.length,
        purchased: sum('totalCount'),
        used: sum('assignedCount'),
        available: sum('availableCount'),
      },
      series: totalsOverTime(series),
      movers,
      alerts,
      lastSyncAt: data.sync.lastSyncAt,
    };
  }

  async report(): Promise<{ fileName: string; html: string }> {
    const { store, clock } = this.deps;
    await store.refresh();
    const series = await this.deps.history.read();
    const data = store.data;
    const now = clock.now();
    const apps = [...data.assets]
      .map((a) => {
        const rule = this.ruleOf(data, a.adamId, a.pricingParam);
        return {
          name: this.deps.queries.appName(a.adamId),
          adamId: a.adamId,
          pricingParam: a.pricingParam,
          purchased: a.totalCount,
          used: a.assignedCount,
          available: a.availableCount,
          low: isLowStock(a, rule),
          threshold: lowStockThreshold(a.totalCount, rule),
          forecast: forecast(series[appKey(a.adamId, a.pricingParam)] ?? [], now),
          urgency: urgencyOf(a, rule),
        };
      })
      .sort((x, y) => x.urgency - y.urgency || x.name.localeCompare(y.name));
    const input: ReportInput = {
      orgName: data.token?.orgName ?? data.account?.orgName ?? 'Organisation',
      locationName: data.token?.locationName ?? data.account?.locationName ?? '',
      generatedAt: now.toISOString(),
      lastSyncAt: data.sync.lastSyncAt,
      ruleWords: describeLowStockRule(data.insight.rule),
      apps,
      outsideRoster: this.outsideRoster(data),
    };
    return { fileName: `vpp-desk-report-${now.toISOString().slice(0, 10)}.html`, html: renderReport(input) };
  }

  /** Assignments held by users or devices not on the loaded roster; null when no roster is loaded. */
  private outsideRoster(data: Readonly<CacheData>): ReportInput['outsideRoster'] {
    // The roster belongs to the holders feature (issue 10); read it structurally so the report works with or without it.
    const roster = (data as Partial<Record<'roster', RosterLike | null>>).roster ?? null;
    if (!roster) return null;
    const ids = new Set(roster.clientUserIds);
    const emails = new Set(roster.emails.map((e) => e.toLowerCase()));
    const serials = new Set(roster.serialNumbers);
    const users = this.deps.queries.userIndex();
    const out: Array<{ appName: string; adamId: string; holder: string }> = [];
    for (const a of data.assignments) {
      if (a.clientUserId) {
        const email = users.get(a.clientUserId)?.email?.toLowerCase();
        if (ids.has(a.clientUserId) || (email && emails.has(email))) continue;
      } else if (a.serialNumber && serials.has(a.serialNumber)) continue;
      out.push({
        appName: this.deps.queries.appName(a.adamId),
        adamId: a.adamId,
        holder: a.clientUserId ?? `device ${a.serialNumber ?? '?'}`,
      });
    }
    return out;
  }
}

/** The first few apps' names, then how many more. */
function named(rows: readonly AlertRow[]): string {
  const names = rows.slice(0, NAMED).map((a) => a.name);
  const more = rows.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more.toLocaleString('en-US')} more` : names.join(', ');
}

function alertSentence(a: AlertRow): string {
  const runs =
    a.runsOutInDays === null ? '' : ` At the current pace it runs out in about ${count(a.runsOutInDays, 'day')}.`;
  return `${a.name}: ${count(a.available, 'license')} left of ${a.purchased} (${a.rule}).${runs}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b);
  return a.every((k) => s.has(k));
}

/** Organisation totals after each recorded change (the newest SERIES_POINTS of them). */
function totalsOverTime(series: Readonly<Series>): Overview['series'] {
  const times = [...new Set(Object.values(series).flatMap((points) => points.map((p) => p[0])))]
    .sort((a, b) => a - b)
    .slice(-SERIES_POINTS);
  return times.map((t) => {
    let purchased = 0;
    let used = 0;
    for (const points of Object.values(series)) {
      const p = pointAt(points, t);
      if (p) {
        purchased += p[1];
        used += p[2];
      }
    }
    return { at: new Date(t * 1000).toISOString(), purchased, used };
  });
}
