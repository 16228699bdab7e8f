/**
 * Who holds each license, in the window: clicking an app shows every holder
 * Apple counts (users and devices); the Devices page lists serial numbers;
 * the demo roster shows the licenses held outside it and reclaims them.
 */
import path from 'node:path';
import { expect, test, tokenFile } from './fixtures';
import { importWithCli } from './ui-helpers';
import type { Page } from '@playwright/test';

const ROOT = path.resolve(__dirname, '..', '..');
// The organisation `npm run demo` starts, so the shipped demo roster fits it.
test.use({ simOptions: { demo: true, apps: 24, users: 320, assignments: 520 } });

async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name }).click();
}

async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screens', `${name}.png`) });
}

test('an app shows its holders; devices and the reclaim view read from Apple', async ({ page, app, sim }) => {
  await page.setViewportSize({ width: 1360, height: 860 });
  await importWithCli(app, await tokenFile(sim, app.home));
  expect((await app.cli(['sync'])).code).toBe(0);
  await page.goto(app.url);

  // An app with both user and device holders.
  const assets = sim.listAssets();
  const asset = assets.find(
    (a) =>
      assets.filter((b) => b.adamId === a.adamId).length === 1 &&
      sim.assignmentsFor(a.adamId).some((x) => x.serialNumber) &&
      sim.assignmentsFor(a.adamId).filter((x) => x.clientUserId).length > 5,
  );
  if (!asset) throw new Error('The demo organisation has no app held by users and devices.');
  await openPage(page, 'Apps');
  // The list is virtual and sorted by urgency: find the app by name first.
  await page.getByRole('searchbox', { name: 'Search apps' }).fill(asset.name);
  await page.getByRole('button', { name: asset.name, exact: true }).click();
  await expect(page.getByRole('heading', { name: asset.name })).toBeVisible();
  await expect(page.getByTestId('holders-count')).toHaveText(`${asset.assignedCount} holders`);
  const device = sim.assignmentsFor(asset.adamId).find((x) => x.serialNumber)?.serialNumber ?? '';
  await screen(page, 'holders-app-detail');

  // Devices hold licenses too (the table is virtual: filter to them, then find one).
  await page.getByRole('radio', { name: 'Devices' }).click();
  const devicesOfApp = sim.assignmentsFor(asset.adamId).filter((x) => x.serialNumber).length;
  await expect(page.getByTestId('holders-count')).toHaveText(
    `${devicesOfApp} ${devicesOfApp === 1 ? 'holder' : 'holders'}`,
  );
  await page.getByRole('searchbox', { name: 'Search holders' }).fill(device);
  await expect(page.getByTestId('holders-table').getByRole('button', { name: device })).toBeVisible();

  // A user opens on the apps they hold, with the actions that free them.
  const user = sim.assignmentsFor(asset.adamId).find((x) => x.clientUserId)?.clientUserId ?? '';
  await openPage(page, 'Users');
  await page.getByLabel('Search users').fill(user);
  await page.getByRole('button', { name: user, exact: true }).click();
  await expect(page.getByRole('heading', { name: `User ${user}` })).toBeVisible();
  await expect(page.getByTestId('holdings-table').locator('tbody tr')).toHaveCount(sim.assignmentsOfUser(user).length);
  await expect(page.getByRole('button', { name: 'Retire' })).toBeVisible();
  await page.getByRole('button', { name: 'Revoke all' }).click();
  await expect(page.getByTestId('plan-summary')).toContainText('will be freed');
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(sim.assignmentsOfUser(user).length).toBeGreaterThan(0); // a plan sends nothing

  await openPage(page, 'Devices');
  const serials = new Set(
    assets
      .flatMap((a) => sim.assignmentsFor(a.adamId))
      .map((x) => x.serialNumber)
      .filter(Boolean),
  );
  await expect(page.getByTestId('devices-count')).toHaveText(`${serials.size} devices`);
  await screen(page, 'devices-page');

  await openPage(page, 'Reclaim');
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('roster-drop').getByRole('button').first().click();
  await (await chooser).setFiles(path.join(ROOT, 'test', 'fakes', 'apple-simulator', 'demo-roster.csv'));
  await expect(page.getByTestId('reclaim-sentence')).toContainText('not in your roster');
  await screen(page, 'reclaim');
});
