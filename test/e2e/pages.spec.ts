/**
 * After a token upload, Sync now fills the Apps and Users pages from Apple;
 * a deployment made in the window lands on the Deployments page with each
 * user's VPP Terms Status; pulling Apple away shows the offline banner with
 * the data still readable.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expectNoOverAssignment } from '../helpers/over-assign';
import { expect, shoot, test, tokenFile } from './fixtures';
import { chooseFile, dismissToasts, importWithCli } from './ui-helpers';
import type { AssetView, Simulator } from '../fakes/apple-simulator';
import type { Page } from '@playwright/test';

const fmt = new Intl.NumberFormat('en-US');

async function openPage(page: Page, name: 'Token' | 'Apps' | 'Users' | 'Deployments' | 'Activity'): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

/** An app owned once (no PLUS twin) with a few licenses left, and more accepted users than that without it. */
function deployTarget(sim: Simulator): { asset: AssetView; accepted: string[]; pending: string } {
  const assets = sim.listAssets();
  const asset = assets.find(
    (a) =>
      a.productType === 'App' &&
      a.availableCount >= 1 &&
      a.availableCount <= 4 &&
      assets.filter((b) => b.adamId === a.adamId).length === 1,
  );
  if (!asset) throw new Error('The demo organisation has no app with 1 to 4 licenses left.');
  const withoutIt = (id: string) => !sim.assignmentsOfUser(id).some((x) => x.adamId === asset.adamId);
  const accepted = sim
    .usersByStatus('Associated', 1000)
    .map((u) => u.clientUserId)
    .filter(withoutIt)
    .slice(0, asset.availableCount + 1);
  const pending = sim.usersByStatus('Registered', 1000).find((u) => withoutIt(u.clientUserId))?.clientUserId;
  if (accepted.length !== asset.availableCount + 1 || !pending)
    throw new Error('The demo organisation has too few users for this test.');
  return { asset, accepted, pending };
}

test('Sync now fills Apps and Users; a deployment shows VPP Terms Status on the Deployments page', async ({
  page,
  app,
  sim,
}) => {
  test.setTimeout(120_000);
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await importWithCli(app, await tokenFile(sim, app.home));
  await page.goto(app.url);

  // Before the first sync the Apps page says what to do.
  await openPage(page, 'Apps');
  await expect(page.getByRole('heading', { name: 'Not synced yet' })).toBeVisible();
  // Slow Apple down a little so the header's live progress can be seen.
  sim.faults.set({ kind: 'slow', delayMs: 400, count: 6 });
  await page.locator('.app-header').getByRole('button', { name: 'Sync now' }).click();
  // Progress pushed from core (onSyncProgress): a phase, and pages done of total once known.
  await expect(page.getByTestId('sync-progress')).toHaveText(
    /Checking the token|Apps and licenses|Users|Assignments|App names|Saving/,
  );
  await expect(page.locator('.app-header').getByRole('button', { name: 'Syncing…' })).toBeVisible();
  await shoot(page, 'sync-progress');
  await expect(page.locator('.toast').filter({ hasText: 'Sync finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');

  const assets = sim.listAssets();
  await expect(page.getByTestId('apps-count')).toHaveText(`${fmt.format(assets.length)} apps`);
  const apps = page.getByRole('table', { name: 'Volume-purchased apps' });
  const sample = assets[0];
  if (!sample) throw new Error('no assets');
  const row = apps.getByRole('row').filter({ hasText: sample.adamId }).first();
  await expect(row).toContainText(sample.name);
  await expect(row).toContainText(fmt.format(sample.totalCount));

  // Sorting by Available puts the scarcest first.
  await apps.getByRole('button', { name: 'Available' }).click();
  await expect(apps.getByRole('columnheader', { name: 'Available' })).toHaveAttribute('aria-sort', 'ascending');
  const scarcest = Math.min(...assets.map((a) => a.availableCount));
  await expect(apps.getByRole('row').nth(1).getByRole('cell').nth(7)).toContainText(fmt.format(scarcest));

  // Low stock: highlighted with words, and filterable.
  // The organisation's default rule: low at 10 % or 5 licenses left, whichever is more.
  const low = assets.filter((a) => a.totalCount > 0 && a.availableCount <= Math.max(5, Math.floor(a.totalCount * 0.1)));
  await page.getByRole('button', { name: 'Low stock only' }).click();
  await expect(page.getByTestId('apps-count')).toHaveText(
    `${fmt.format(low.length)} matching ${low.length === 1 ? 'app' : 'apps'}`,
  );
  await page.getByRole('button', { name: 'Low stock only' }).click();
  await apps.getByRole('button', { name: 'Name' }).click();
  await dismissToasts(page);
  await shoot(page, 'apps-page');

  // Search narrows the list.
  await page.getByRole('searchbox', { name: 'Search apps' }).fill(sample.adamId);
  await expect(apps.getByRole('row')).toHaveCount(1 + assets.filter((a) => a.adamId === sample.adamId).length);
  await page.getByRole('searchbox', { name: 'Search apps' }).fill('');

  // Users with their VPP Terms Status; pending ones offer the invitation link.
  await openPage(page, 'Users');
  await expect(page.getByTestId('users-count')).toHaveText(`${fmt.format(sim.state().users)} users`);
  await page.getByRole('radio', { name: /^Pending/ }).click();
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row').nth(1)).toContainText('Pending');
  await expect(users.getByRole('button', { name: /Copy invitation link/ }).first()).toBeVisible();
  await page.getByRole('radio', { name: /^All/ }).click();
  await shoot(page, 'users-page');

  // Deploy Required to one more accepted user than there are licenses, a pending user and a new id.
  const { asset, accepted, pending } = deployTarget(sim);
  await openPage(page, 'Deployments');
  await page.getByRole('button', { name: 'Deploy app' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Deploy an app' });
  await dialog.getByRole('combobox', { name: 'App' }).fill(asset.name);
  await dialog.getByRole('option').filter({ hasText: asset.adamId }).click();
  await dialog.getByRole('tab', { name: 'Paste ids' }).click();
  await dialog.getByRole('textbox', { name: 'User ids' }).fill([...accepted, pending, 'new.hire.0001'].join('\n'));
  await dialog.getByRole('button', { name: 'Add to selection' }).click();
  const total = accepted.length + 2;
  await expect(dialog.getByTestId('selected-count')).toHaveText(`${total} users selected`);
  await dialog.getByRole('button', { name: 'Review plan' }).click();

  const plan = page.getByTestId('plan');
  await expect(plan.getByTestId('plan-available')).toContainText(String(asset.availableCount));
  await expect(plan.getByTestId('plan-assign')).toContainText(String(asset.availableCount));
  await expect(plan.getByTestId('plan-fail')).toContainText('1');
  await expect(plan.getByTestId('plan-pending')).toContainText('2');
  await expect(plan.getByTestId('plan-register')).toContainText('1');
  await expect(plan).toContainText('No licenses available');
  await page.getByTestId('confirm-deploy').click();

  const outcome = page.getByTestId('outcome');
  await expect(outcome).toBeVisible({ timeout: 30_000 });
  await expect(outcome.getByRole('list', { name: 'Outcome by status' })).toContainText('Failed: 1');
  await expect(outcome.getByRole('list', { name: 'Outcome by status' })).toContainText('Pending terms: 2');
  // Never more than owned: Apple's own count agrees, and the app never asked for more than were free
  // (Apple's count alone would look the same for an app that sent everyone).
  expect(sim.asset(asset.adamId, asset.pricingParam)?.availableCount).toBe(0);
  expectNoOverAssignment(sim.associations, { adamId: asset.adamId, atLeast: 1 });

  await page.getByRole('button', { name: 'View in Deployments' }).click();
  const deployments = page.getByRole('table', { name: 'Deployments' });
  await expect(page.getByTestId('picked-app')).toContainText(asset.name);
  await expect(page.getByTestId('deployments-count')).toHaveText(`${total} matching rows`);
  await expect(deployments.getByRole('columnheader', { name: 'VPP Terms Status' })).toBeVisible();
  await expect(deployments.getByRole('row').filter({ hasText: pending })).toContainText('Pending');
  await expect(deployments.getByRole('row').filter({ hasText: 'new.hire.0001' })).toContainText('Pending terms');
  const failed = deployments.getByRole('row').filter({ hasText: 'Failed' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('No licenses available');
  await expect(failed.getByRole('button', { name: /^Retry / })).toBeVisible();
  await dismissToasts(page);
  await shoot(page, 'deployments-page');

  // CSV export holds exactly the filtered rows.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await (await download).path();
  const lines = (await fs.readFile(file, 'utf8')).trim().split(/\r?\n/);
  expect(lines).toHaveLength(total + 1);
  expect(lines[0]).toContain('termsStatus');

  // Retry never over-assigns: with no license left the row fails again.
  const failedUser = (await failed.getByRole('cell').nth(1).textContent())?.trim() ?? '';
  await failed.getByRole('button', { name: /^Retry / }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Retried 1 deployment' })).toContainText('1 failed');
  expect(sim.asset(asset.adamId, asset.pricingParam)?.availableCount).toBe(0);

  // One more license bought at Apple, then a sync: the failed user gets it.
  sim.buyLicenses(asset.adamId, asset.pricingParam, 1);
  await page.locator('.app-header').getByRole('button', { name: 'Sync now' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Sync finished' })).toBeVisible({ timeout: 30_000 });
  await expect(deployments.getByRole('row').filter({ hasText: failedUser })).toContainText(/Assign(ed|ing)/, {
    timeout: 20_000,
  });

  // Retry and the sync's re-evaluation asked for no more than the one license bought.
  expectNoOverAssignment(sim.associations, { adamId: asset.adamId, atLeast: 1 });

  // The app's deployment count opens its deployments.
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await openPage(page, 'Apps');
  await page.getByRole('button', { name: `${total} deployments of ${asset.name}: open` }).click();
  await expect(page.getByTestId('picked-app')).toContainText(asset.name);

  await openPage(page, 'Activity');
  await expect(page.getByRole('table', { name: 'Activity' })).toContainText('sync');
  await shoot(page, 'activity-page');

  // React's style props go through CSSOM, which the strict CSP allows; nothing was blocked.
  expect(cspViolations).toEqual([]);
});

test('without Apple the window says offline, keeps the data readable and holds back what needs Apple', async ({
  page,
  app,
  sim,
}) => {
  test.setTimeout(150_000);
  await importWithCli(app, await tokenFile(sim, app.home));
  expect((await app.cli(['sync', '--json'])).code).toBe(0);
  await page.goto(app.url);
  await openPage(page, 'Apps');
  await expect(page.getByTestId('apps-count')).toHaveText(`${fmt.format(sim.listAssets().length)} apps`);

  await sim.close();
  await page.locator('.app-header').getByRole('button', { name: 'Sync now' }).click();
  const offline = page.getByTestId('banner-offline');
  // Core retries Apple with backoff before it calls the sync failed.
  await expect(offline).toContainText('Offline: data as of', { timeout: 90_000 });
  await expect(page.getByTestId('banner-sync-error')).toContainText('The cached data is unchanged');

  // Still readable.
  await expect(page.getByTestId('apps-count')).toHaveText(`${fmt.format(sim.listAssets().length)} apps`);
  await openPage(page, 'Users');
  await expect(page.getByTestId('users-count')).toHaveText(`${fmt.format(sim.state().users)} users`);

  // Drafting a deployment works (here straight from an app's row); sending it is held back, saying why.
  await openPage(page, 'Apps');
  const first = sim.listAssets()[0];
  if (!first) throw new Error('no assets');
  await page.getByRole('button', { name: `Deploy ${first.name} (${first.pricingParam})` }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy an app' });
  await expect(dialog.getByTestId('picked-app')).toContainText(first.name);
  await expect(dialog).toContainText('Offline: this needs Apple');
  // Users from a CSV export of another system: the clientUserId column is picked out.
  const csv = path.join(app.home, 'users.csv');
  await fs.writeFile(csv, 'email,clientUserId\nnew.one@example.edu,someone.new\n"second@example.edu","someone.else"\n');
  await dialog.getByRole('tab', { name: 'Load a file' }).click();
  await chooseFile(page, dialog, csv);
  await expect(dialog.getByTestId('selected-count')).toHaveText('2 users selected');
  await expect(dialog.getByRole('listitem').filter({ hasText: 'someone.else' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Review plan' }).click();
  const send = page.getByTestId('confirm-deploy');
  await expect(send).toHaveAttribute('aria-disabled', 'true');
  await expect(send).toHaveAttribute('title', /Offline: this needs Apple/);
  await shoot(page, 'offline-deploy');
});
