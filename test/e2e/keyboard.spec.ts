/**
 * Every task without a mouse: an admin uploads the token, syncs and deploys
 * an app using only the keyboard. Along the way: dialogs open on their first
 * field (not Close), focus stays put after picking an app, the user list is
 * one Tab stop with arrow keys inside, and Escape asks before throwing away
 * a selection.
 */
import { expect, test, tokenFile } from './fixtures';
import type { Locator, Page } from '@playwright/test';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until the target has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${target.toString()}`);
}

test('upload a token, sync and deploy an app with the keyboard only', async ({ page, app, sim }) => {
  test.setTimeout(150_000);
  const file = await tokenFile(sim, app.home);
  await page.goto(app.url);
  // Start once the window has loaded its state (the header knows there is no token yet):
  // a dialog opened before that could be replaced by the first render of the loaded state.
  await expect(page.locator('.app-header').getByRole('button', { name: 'No token' })).toBeVisible();

  // Upload: the dialog opens on its first field, the file button, not Close.
  await tabTo(page, page.getByTestId('welcome').getByRole('button', { name: 'Upload token' }));
  await page.keyboard.press('Enter');
  const upload = page.getByRole('dialog');
  const chooseFile = upload.getByRole('button', { name: /Choose file/ });
  await expect(chooseFile).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  // Enter on the focused button (locator.press checks the focus target is still that button).
  await chooseFile.press('Enter');
  await (await chooser).setFiles(file);
  await expect(upload.getByTestId('chosen-file')).toBeVisible();
  await tabTo(page, upload.getByLabel('Apple ID'));
  await page.keyboard.type('it-admin@example.edu');
  await tabTo(page, upload.getByRole('checkbox'));
  await page.keyboard.press('Space');
  await tabTo(page, upload.getByRole('button', { name: 'Upload', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.toast').filter({ hasText: /Token uploaded/ })).toBeVisible({ timeout: 20_000 });
  await expect(upload).toBeHidden();

  // Sync from the header.
  await tabTo(page, page.locator('.app-header').getByRole('button', { name: 'Sync now' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.toast').filter({ hasText: 'Sync finished' })).toBeVisible({ timeout: 40_000 });

  // Deploy: Deployments › Deploy app.
  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Deployments' }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByTestId('open-deploy'));
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('deploy-dialog');
  const picker = dialog.getByRole('combobox', { name: 'App' });
  await expect(picker).toBeFocused();

  // Pick an app by typing; after Enter focus stays in the dialog, on the chosen app.
  const asset = sim.listAssets().find((a) => a.productType === 'App' && a.availableCount >= 2);
  if (!asset) throw new Error('The demo organisation has no app with licenses left.');
  await page.keyboard.type(asset.adamId);
  await expect(dialog.getByRole('option').first()).toContainText(asset.adamId);
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('picked-app')).toContainText(asset.name);
  await expect(dialog.getByRole('button', { name: `Clear app: ${asset.name}` })).toBeFocused();

  // The user list is one Tab stop: arrow keys move inside it, Space ticks.
  const list = dialog.getByRole('list', { name: 'Users' });
  const boxes = list.getByRole('checkbox');
  await expect(boxes.nth(2)).toBeVisible();
  await tabTo(page, boxes.first());
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(boxes.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await expect(dialog.getByTestId('selected-count')).toHaveText('2 users selected');
  await expect(list.locator('input[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Tab');
  expect(await list.evaluate((el) => el.contains(document.activeElement))).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(boxes.nth(2)).toBeFocused();

  // Escape asks before discarding the selection; Enter on "Keep editing" keeps it.
  await page.keyboard.press('Escape');
  const question = dialog.getByRole('alertdialog', { name: 'Discard changes?' });
  await expect(question).toContainText('Discard the selection of 2 users?');
  await expect(question.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(dialog.getByTestId('selected-count')).toHaveText('2 users selected');

  // Review the plan and send it.
  await tabTo(page, dialog.getByRole('button', { name: 'Review plan' }));
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Review the plan' })).toBeVisible();
  await tabTo(page, dialog.getByTestId('confirm-deploy'));
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Deployment sent' })).toBeVisible({ timeout: 30_000 });

  // Core recorded it: two deployments of that app.
  const res = await app.cli(['deployments', '--json']);
  expect(res.code, res.stderr).toBe(0);
  const rows = JSON.parse(res.stdout) as Array<{ adamId: string }>;
  expect(rows.filter((r) => r.adamId === asset.adamId)).toHaveLength(2);
});
