/**
 * Every way a token is refused shows core's sentence in the dialog, and
 * leaves the install exactly as it was: no token (state none), or the token
 * accepted before. A token held by another product can only be taken over
 * after a second, separate confirmation.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { makeTokenFile } from '../fakes/apple-simulator';
import { expect, shoot, test, tokenFile } from './fixtures';
import { submitToken, tokenStatus } from './ui-helpers';
import type { TokenStatus } from '../../shared/domain';

const DAY = 24 * 60 * 60 * 1000;

/** What must not change after a refusal: the whole status, minus the clock-derived days left. */
function unchanged(status: TokenStatus) {
  const { daysLeft: _daysLeft, ...rest } = status;
  return rest;
}

test('a file that is not a VPP token is refused', async ({ page, app }) => {
  await page.goto(app.url);
  const file = path.join(app.home, 'notes.vpptoken');
  await fs.writeFile(file, 'this is not a token\n');

  const dialog = await submitToken(page, file);
  const error = dialog.getByTestId('upload-error');
  await expect(error).toContainText('This file is not a valid VPP token');
  await expect(error).toContainText('Apple Business Manager');
  await expect(dialog).toBeVisible();
  expect((await tokenStatus(app)).state).toBe('none');
  await shoot(page, 'token-refused-malformed');
});

test('an expired token is refused', async ({ page, app, sim }) => {
  await page.goto(app.url);
  const file = await tokenFile(sim, app.home, { expDate: new Date(Date.now() - 3 * DAY) }, 'expired.vpptoken');
  const dialog = await submitToken(page, file);
  await expect(dialog.getByTestId('upload-error')).toContainText(/expired/i);
  await expect(dialog.getByTestId('upload-error')).toContainText('Apple Business Manager');
  expect((await tokenStatus(app)).state).toBe('none');
});

test('a token Apple has revoked is refused', async ({ page, app, sim }) => {
  await page.goto(app.url);
  const content = sim.issueToken();
  sim.revokeToken(content);
  const file = path.join(app.home, 'revoked.vpptoken');
  await fs.writeFile(file, content);

  const dialog = await submitToken(page, file);
  await expect(dialog.getByTestId('upload-error')).toContainText(/revoked/i);
  expect((await tokenStatus(app)).state).toBe('none');
  await shoot(page, 'token-refused');
});

test('a well-formed token Apple does not know is refused as invalid', async ({ page, app }) => {
  await page.goto(app.url);
  const file = path.join(app.home, 'unknown.vpptoken');
  await fs.writeFile(
    file,
    makeTokenFile({
      token: 'bm90LWEtcmVhbC10b2tlbg==',
      expDate: new Date(Date.now() + 200 * DAY),
      orgName: 'Nobody Inc.',
    }),
  );

  const dialog = await submitToken(page, file);
  await expect(dialog.getByTestId('upload-error')).toContainText(/invalid/i);
  expect((await tokenStatus(app)).state).toBe('none');
});

test('a token of another Apple account is refused and the bound one stays', async ({ page, app, sim }) => {
  await page.goto(app.url);
  const first = await submitToken(page, await tokenFile(sim, app.home, undefined, 'first.vpptoken'), {
    label: 'Main campus',
  });
  await expect(first).toBeHidden();
  const before = await tokenStatus(app);
  expect(before.state).toBe('valid');

  sim.addLocation({ uId: '999', locationName: 'Other' });
  const dialog = await submitToken(page, await tokenFile(sim, app.home, { uId: '999' }, 'other.vpptoken'));
  const error = dialog.getByTestId('upload-error');
  await expect(error).toContainText('Other');
  await expect(error).toContainText(before.locationName ?? '');
  await expect(error).toContainText('One Apple account per install');

  const after = await tokenStatus(app);
  expect(unchanged(after)).toEqual(unchanged(before));
  // The window still shows the bound token once the dialog is closed.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('fact-location')).toContainText(before.locationName ?? '');
});

test('a token used by another product is refused by name, then taken over only after a second confirmation', async ({
  page,
  app,
  sim,
}) => {
  sim.setMdmInfo(undefined, { id: 'x', name: 'Jamf Pro', metadata: '1' });
  await page.goto(app.url);

  const dialog = await submitToken(page, await tokenFile(sim, app.home));
  const error = dialog.getByTestId('upload-error');
  await expect(error).toContainText('Jamf Pro');
  await expect(error).toContainText('Generate a new token');
  expect((await tokenStatus(app)).state).toBe('none');

  // The take-over is a separate decision with its own confirmation.
  const takeover = dialog.getByTestId('takeover');
  await expect(takeover.getByRole('heading', { name: 'Take this token over from Jamf Pro?' })).toBeVisible();
  const confirm = takeover.getByRole('button', { name: 'Take over from Jamf Pro' });
  await expect(confirm).toBeDisabled();
  await shoot(page, 'token-refused-in-use');
  await takeover.getByRole('checkbox', { name: /Jamf Pro will stop managing these licenses/ }).check();
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(dialog).toBeHidden();

  const status = await tokenStatus(app);
  expect(status.state).toBe('valid');
  await expect(page.getByTestId('token-org')).toHaveText(status.orgName ?? '');
});
