/**
 * `vpp-desk alerts [--json]`, `vpp-desk alerts --set <N | N%> [--app <adamId>]`,
 * `vpp-desk history [--app <adamId>] [--json | --csv]` and
 * `vpp-desk report --out <file.html>`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { call, type Core } from '../core/app';
import { toCsv } from '../core/views';
import { parse, str } from './args';
import { appNames } from './data';
import { printJson, printLines, UsageError } from './output';
import { formatDate, table, type Column } from './table';
import type { AlertRow, HistoryRow } from '../../shared/insight';

/** For monitoring scripts: some app is at or below its low-stock threshold. */
export const EXIT_LOW_STOCK = 3;

const ALERT_COLUMNS: ReadonlyArray<Column<AlertRow>> = [
  { header: 'adamId', cell: (a) => a.adamId },
  { header: 'pricingParam', cell: (a) => a.pricingParam },
  { header: 'name', cell: (a) => a.name, max: 30 },
  { header: 'available', cell: (a) => a.available },
  { header: 'purchased', cell: (a) => a.purchased },
  { header: 'threshold', cell: (a) => a.threshold },
  // null: too little history to forecast.
  { header: 'runsOutInDays', cell: (a) => a.runsOutInDays },
];

function historyColumns(appName: (adamId: string) => string): ReadonlyArray<Column<HistoryRow>> {
  return [
    { header: 'at', cell: (r) => formatDate(r.at) },
    { header: 'adamId', cell: (r) => r.adamId },
    { header: 'app', cell: (r) => appName(r.adamId), max: 30 },
    { header: 'pricingParam', cell: (r) => r.pricingParam },
    { header: 'purchased', cell: (r) => r.purchased },
    { header: 'used', cell: (r) => r.used },
    { header: 'available', cell: (r) => r.available },
  ];
}

const APP_ID = /^\d{1,20}$/;

function appFlag(value: string | boolean | undefined): string | undefined {
  const app = str(value);
  if (app !== undefined && !APP_ID.test(app)) throw new UsageError('--app takes an app’s numeric adamId.');
  return app;
}

export async function alertsCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { set: { type: 'string' }, app: { type: 'string' }, json: { type: 'boolean' } });
  const set = str(values.set);
  const app = appFlag(values.app);
  if (set !== undefined) {
    const rule = app && set.toLowerCase() === 'none' ? null : set;
    const settings = await call(core.handlers, 'insight:rule', { rule, ...(app ? { adamId: app } : {}) });
    if (values.json === true) return printJson(settings);
    const override = app ? settings.overrides.find((o) => o.adamId === app) : undefined;
    printLines([
      app
        ? `Low-stock rule for ${app}: ${override ? override.words : `the organisation's (${settings.words})`}.`
        : `Organisation low-stock rule: ${settings.words}.`,
    ]);
    return;
  }
  if (app) throw new UsageError('--app goes with --set.');
  const { settings, alerts } = await call(core.handlers, 'insight:alerts', {});
  if (alerts.length > 0) process.exitCode = EXIT_LOW_STOCK;
  if (values.json === true) {
    return printJson(
      alerts.map(({ adamId, pricingParam, name, available, purchased, threshold, runsOutInDays }) => ({
        adamId,
        pricingParam,
        name,
        available,
        purchased,
        threshold,
        runsOutInDays,
      })),
    );
  }
  if (alerts.length === 0) return printLines([`No app is low on licenses (${settings.words}).`]);
  printLines([
    `${alerts.length} ${alerts.length === 1 ? 'app is' : 'apps are'} low on licenses (${settings.words}):`,
    ...table(alerts, ALERT_COLUMNS, ''),
  ]);
}

export async function historyCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { app: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' } });
  const app = appFlag(values.app);
  const rows = await call(core.handlers, 'insight:history', app ? { adamId: app } : {});
  if (values.csv === true) {
    process.stdout.write(toCsv(rows, ['at', 'adamId', 'pricingParam', 'purchased', 'used', 'available']));
    return;
  }
  if (values.json === true) return printJson(rows);
  const appName = rows.length === 0 ? () => '' : await appNames(core);
  printLines(table(rows, historyColumns(appName), '(no history yet: it is recorded at each sync)'));
}

export async function reportCommand(core: Core, args: string[]): Promise<void> {
  const { values } = parse(args, { out: { type: 'string' } });
  const out = str(values.out);
  if (!out) throw new UsageError('Give the file to write: --out <file.html>.');
  const report = await call(core.handlers, 'insight:report', {});
  const file = path.resolve(out);
  await fs.writeFile(file, report.html, 'utf8');
  process.stderr.write(`License report written to ${file}\n`);
}
