/**
 * License insight in the window: after syncs with licenses bought and
 * assigned, the Overview shows the low-stock alert with its rule in words,
 * the app's chart and forecast, the printable report, and an Activity log
 * filtered to who got which license from where.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, test, tokenFile } from './fixtures';
import { importWithCli } from './ui-helpers';
import type { AssetView, Simulator } from '../fakes/apple-simulator';
import type { Page } from '@playwright/test';

const ROOT = path.resolve(__dirname, '..', '..');
const DAY_S = 86_400;
test.use({ simOptions: { demo: true, apps: 24, users: 320, assignments: 520 } });

async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
}

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screens', `${name}.png`) });
}

/** The default rule (10 % or 5 left, whichever is more): licenses left at or below which an app is low. */
const threshold = (a: AssetView) => Math.max(Math.floor(a.totalCount * 0.1), 5);

/** The once-owned app closest above its threshold (the fewest users to hand out to reach it). */
function target(sim: Simulator): AssetView {
  const assets = sim.listAssets();
  const candidates = assets
    .filter((a) => assets.filter((b) => b.adamId === a.adamId).length === 1 && a.totalCount >= 20)
    .filter((a) => a.availableCount > threshold(a))
    .sort((a, b) => a.availableCount - threshold(a) - (b.availableCount - threshold(b)));
  if (!candidates[0]) throw new Error('The demo organisation has no app above its low-stock threshold.');
  return candidates[0];
}

/** Accepted users who do not hold the app, as many as it takes to bring it down to its threshold. */
function usersToReachThreshold(sim: Simulator, asset: AssetView): string[] {
  const now = sim.asset(asset.adamId, asset.pricingParam) ?? asset;
  const need = now.availableCount - threshold(now);
  const users = sim
    .usersByStatus('Associated', 1000)
    .map((u) => u.clientUserId)
    .filter((id) => !sim.assignmentsOfUser(id).some((x) => x.adamId === asset.adamId))
    .slice(0, need);
  if (users.length !== need)
    throw new Error(`The demo organisation has fewer than ${need} users without ${asset.name}.`);
  return users;
}

test('syncs with purchases and assignments raise an alert, a chart, a report and an audit trail', async ({
  page,
  app,
  sim,
}) => {
  test.setTimeout(120_000);
  await importWithCli(app, await tokenFile(sim, app.home));
  expect((await app.cli(['sync'])).code).toBe(0);
  const asset = target(sim);
  const key = `${asset.adamId}|${asset.pricingParam}`;

  // Thirty days of this app's history before today (the clock of a sync is the machine's): 1 more used every 3 days.
  const historyFile = path.join(app.home, 'vpp-desk-history.json');
  const history = JSON.parse(await fs.readFile(historyFile, 'utf8')) as {
    version: 1;
    apps: Record<string, number[][]>;
  };
  const now = Math.floor(Date.now() / 1000);
  const past = [30, 21, 12, 3].map((daysAgo, i) => {
    const used = asset.assignedCount - 10 + i * 3;
    return [now - daysAgo * DAY_S, asset.totalCount - 5, used, asset.totalCount - 5 - used];
  });
  history.apps[key] = [...past, ...(history.apps[key] ?? [])];
  await fs.writeFile(historyFile, JSON.stringify(history));

  // More licenses bought, then handed out down to the threshold, each step synced.
  sim.buyLicenses(asset.adamId, asset.pricingParam, 2);
  expect((await app.cli(['sync'])).code).toBe(0);
  const users = usersToReachThreshold(sim, asset);
  const deployed = await app.cli([
    'deploy',
    asset.adamId,
    '--users',
    users.join(','),
    '--action',
    'required',
    '--json',
  ]);
  expect(deployed.code, deployed.stderr).toBe(0);
  expect((await app.cli(['sync'])).code).toBe(0);
  const alerts = await app.cli(['alerts', '--json']);
  expect(alerts.code).toBe(3);
  expect(alerts.stdout).toContain(asset.name);

  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto(app.url);
  await expect(page.getByTestId('banner-low-stock')).toBeVisible();
  await expect(page.getByTestId('banner-low-stock')).toContainText(
    'Low when 10 % or 5 licenses left, whichever is more',
  );

  await openPage(page, 'Overview');
  const alertsCard = page.getByTestId('alerts');
  await expect(alertsCard.getByRole('button', { name: asset.name, exact: true })).toBeVisible();
  await expect(alertsCard).toContainText('Low when 10 % or 5 licenses left, whichever is more');
  await expect(page.getByTestId('rule-words')).toHaveText('Low when 10 % or 5 licenses left, whichever is more.');
  // The organisation's chart loads on first use; the screenshot waits for it.
  await expect(page.getByRole('application', { name: 'Organisation: licenses used and purchased' })).toBeVisible();
  await screen(page, 'alerts');

  await alertsCard.getByRole('button', { name: asset.name, exact: true }).click();
  await expect(page.getByRole('heading', { name: asset.name })).toBeVisible();
  const chart = page.getByTestId('usage-chart');
  await expect(chart.getByRole('application', { name: 'Licenses used and purchased' })).toBeVisible();
  await expect(chart).toHaveAccessibleName('Licenses used and purchased');
  await expect(chart).toHaveAccessibleDescription(/licenses used went from/);
  await expect(page.getByTestId('forecast-runout')).toHaveText(/^Runs out in about \d+ days?$|^Runs out within a day$/);
  await expect(page.getByTestId('forecast-buy')).toHaveText(/^Buy \d+ more to last 90 days$/);
  // The table alternative holds every recorded change plus today.
  await chart.getByText('Show the numbers as a table').click();
  await expect(chart.locator('tbody tr')).toHaveCount(past.length + 3 + 1);
  await chart.getByText('Show the numbers as a table').click();
  await screen(page, 'insight-chart');

  await openPage(page, 'Overview');
  await page.evaluate(() => {
    const w = window as Window & { printed?: number };
    w.printed = 0;
    w.print = () => {
      w.printed = (w.printed ?? 0) + 1;
    };
  });
  await page.getByRole('button', { name: 'Save as PDF / Print report' }).click();
  const report = page.getByTestId('report');
  await expect(report.getByRole('heading', { name: /^License report: / })).toBeVisible();
  await expect(report.locator('tr.low', { hasText: asset.name })).toBeVisible();
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  expect(await page.evaluate(() => (window as Window & { printed?: number }).printed)).toBe(1);
  await screen(page, 'report');

  // Who got the license, from where: the CLI's deployment, per user.
  await openPage(page, 'Activity');
  await page.getByLabel('User (client user id)').fill(users[0] ?? '');
  await page.getByLabel('Source').selectOption('cli');
  await expect(page.getByTestId('activity-count')).toHaveText(/^[1-9]\d* matching entr(y|ies)$/);
  const table = page.getByTestId('activity-table');
  await expect(table.getByText('License assigned').first()).toBeVisible();
  await page.getByLabel('Kind').selectOption('low-stock');
  await page.getByLabel('User (client user id)').fill('');
  await expect(table.getByText(asset.name).first()).toBeVisible();
});
