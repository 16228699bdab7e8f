/**
 * A new admin's first minutes: the empty state leads to the upload, Upload
 * stays disabled until the account-lock warning is ticked, the Token page
 * then shows what the token is; a renewal shows its new expiry.
 */
import { expect, shoot, test, tokenFile } from './fixtures';
import {
  chooseFile,
  dismissToasts,
  dropFile,
  openUploadDialog,
  shownDate,
  submitToken,
  tokenStatus,
  WARNING,
} from './ui-helpers';

const DAY = 24 * 60 * 60 * 1000;

test('a new admin is led to upload a token and sees it on the Token page', async ({ page, app, sim }) => {
  await page.goto(app.url);

  // Empty state: nothing connected yet, one clear way forward.
  const welcome = page.getByTestId('welcome');
  await expect(welcome.getByRole('heading', { name: 'Connect your Apple volume purchases' })).toBeVisible();
  await expect(page.getByTestId('token-chip')).toHaveText('No token');
  await expect(page.getByRole('button', { name: 'Sync now' })).toHaveAttribute('aria-disabled', 'true');

  // Escape closes the dialog; the admin can come back to it.
  let dialog = await openUploadDialog(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  dialog = await openUploadDialog(page);
  await expect(dialog.getByRole('heading', { name: 'Upload your VPP token' })).toBeVisible();
  const upload = dialog.getByRole('button', { name: 'Upload', exact: true });
  await expect(upload).toBeDisabled();

  await chooseFile(page, dialog, await tokenFile(sim, app.home));
  await dialog.getByLabel('Apple ID').fill('it-admin@example.edu');
  await dialog.getByLabel(/^Label/).fill('Main campus');
  // Everything filled but the warning: still disabled, and the dialog says why.
  await expect(upload).toBeDisabled();
  await expect(dialog.getByText('Tick the confirmation above.')).toBeVisible();

  await dialog.getByRole('checkbox', { name: WARNING }).check();
  await expect(upload).toBeEnabled();
  await upload.click();
  await expect(dialog).toBeHidden();

  const status = await tokenStatus(app);
  expect(status.state).toBe('valid');
  expect(status.appleId).toBe('it-admin@example.edu');
  expect(status.label).toBe('Main campus');

  await expect(page.getByTestId('token-org')).toHaveText(status.orgName ?? '');
  await expect(page.getByTestId('fact-location')).toContainText(status.locationName ?? '');
  await expect(page.getByTestId('fact-apple-id')).toContainText('it-admin@example.edu');
  await expect(page.getByTestId('fact-label')).toContainText('Main campus');
  await expect(page.getByTestId('fact-expires')).toContainText(await shownDate(page, status.expiresAt ?? ''));
  await expect(page.getByTestId('days-left')).toHaveText(`${status.daysLeft} days left`);
  await expect(page.getByTestId('fact-synced')).toContainText('Not synced yet');
  await expect(page.getByTestId('token-chip')).toHaveText(`Token: ${status.daysLeft} days left`);

  await dismissToasts(page);
  await shoot(page, 'token-page');
});

test('a token close to expiry warns, and a renewal of the same location shows the new expiry', async ({
  page,
  app,
  sim,
}) => {
  await page.goto(app.url);
  const first = await tokenFile(sim, app.home, { expDate: new Date(Date.now() + 20 * DAY) }, 'first.vpptoken');
  const dialog = await submitToken(page, first, { label: 'Main campus' });
  await expect(dialog).toBeHidden();

  const before = await tokenStatus(app);
  expect(before.state).toBe('expiring');
  const banner = page.getByTestId('banner-token');
  await expect(banner).toContainText(`The VPP token expires in ${before.daysLeft} days`);
  await expect(banner).toContainText('Apple Business Manager');

  // The admin renews from the banner itself.
  await banner.getByRole('button', { name: 'Upload new token' }).click();
  const renew = page.getByRole('dialog');
  await expect(renew.getByRole('heading', { name: 'Upload a renewed VPP token' })).toBeVisible();
  // A renewal keeps who and what: Apple ID and label are prefilled.
  await expect(renew.getByLabel('Apple ID')).toHaveValue('it-admin@example.edu');
  await expect(renew.getByLabel(/^Label/)).toHaveValue('Main campus');
  // This time the file is dragged onto the dialog instead of picked.
  await dropFile(renew.getByTestId('token-drop'), 'renewal.vpptoken', sim.issueToken());
  await expect(renew.getByTestId('chosen-file')).toHaveText('renewal.vpptoken');
  await renew.getByRole('checkbox', { name: WARNING }).check();
  await renew.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(renew).toBeHidden();

  const after = await tokenStatus(app);
  expect(after.state).toBe('valid');
  expect(after.uId).toBe(before.uId);
  expect(after.expiresAt).not.toBe(before.expiresAt);
  await expect(page.getByTestId('fact-expires')).toContainText(await shownDate(page, after.expiresAt ?? ''));
  await expect(page.getByTestId('days-left')).toHaveText(`${after.daysLeft} days left`);
  await expect(page.getByTestId('banner-token')).toHaveCount(0);
  await expect(page.locator('.toast').filter({ hasText: 'Token renewed' })).toContainText(
    await shownDate(page, after.expiresAt ?? ''),
  );
});

test('a renewal that expires sooner than the installed token shows both expiries and asks before replacing it', async ({
  page,
  app,
  sim,
}) => {
  await page.goto(app.url);
  const year = await tokenFile(sim, app.home, { expDate: new Date(Date.now() + 364 * DAY) }, 'year.vpptoken');
  await expect(await submitToken(page, year, { label: 'Main campus' })).toBeHidden();
  const installed = await tokenStatus(app);
  await dismissToasts(page);

  const renew = await openUploadDialog(page);
  const soon = await tokenFile(sim, app.home, { expDate: new Date(Date.now() + 9 * DAY) }, 'soon.vpptoken');
  await chooseFile(page, renew, soon);
  const guard = renew.getByTestId('renewal-guard');
  await expect(guard).toContainText('Installed token expires');
  await expect(guard).toContainText(await shownDate(page, installed.expiresAt ?? ''));
  await expect(guard).toContainText('New token expires');
  await expect(guard).toContainText(/[89] days left/);
  await renew.getByRole('checkbox', { name: WARNING }).check();
  const upload = renew.getByRole('button', { name: 'Upload', exact: true });
  // Not silently: Upload waits for the second tick, and says so.
  await expect(upload).toBeDisabled();
  await expect(renew).toContainText('Confirm replacing the token with one that expires sooner.');
  const sooner = guard.getByRole('checkbox', { name: /expires sooner than the one installed/ });
  await shoot(page, 'renewal-guard');
  expect((await tokenStatus(app)).expiresAt).toBe(installed.expiresAt);

  await sooner.check();
  await upload.click();
  await expect(renew).toBeHidden();
  const after = await tokenStatus(app);
  expect(after.state).toBe('expiring');
  expect(Date.parse(after.expiresAt ?? '')).toBeLessThan(Date.parse(installed.expiresAt ?? ''));
});

test('removing the token asks first, then returns the window to its empty state', async ({ page, app, sim }) => {
  await page.goto(app.url);
  await expect(await submitToken(page, await tokenFile(sim, app.home))).toBeHidden();

  await page.getByRole('button', { name: 'Remove token' }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove the VPP token?' });
  await expect(confirm).toContainText('stays bound to the same Apple account');
  // Cancel keeps everything.
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await tokenStatus(app)).state).toBe('valid');

  await page.getByRole('button', { name: 'Remove token' }).click();
  await page
    .getByRole('dialog', { name: 'Remove the VPP token?' })
    .getByRole('button', { name: 'Remove token' })
    .click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect((await tokenStatus(app)).state).toBe('none');
});
