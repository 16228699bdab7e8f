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
import { printJson, printLines, UsageError } from './output';

/** For monitoring scripts: some app is at or below its low-stock threshold. */
export const EXIT_LOW_STOCK = 3;

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
    ...alerts.map(
      (a) =>
        `${a.adamId}\t${a.pricingParam}\t${a.available} of ${a.purchased} left (alert at ${a.threshold})\t${a.runsOutInDays === null ? '' : `runs out in about ${a.runsOutInDays} days\t`}${a.name}`,
    ),
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
  printLines(
    rows.length === 0
      ? ['(no history yet: it is recorded at each sync)']
      : rows.map(
          (r) =>
            `${r.at}\t${r.adamId}\t${r.pricingParam}\t${r.purchased} purchased\t${r.used} used\t${r.available} available`,
        ),
  );
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
