/**
 * The frame around every page: a token Apple revokes becomes a banner that
 * says what to do and blocks what needs the token; a cache that could not
 * be read is reported, not silently lost.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, shoot, test } from './fixtures';
import { chooseFile, dismissToasts, importWithCli, tokenStatus, WARNING } from './ui-helpers';

test('a token Apple revokes becomes a banner with the way out, and a new upload clears it', async ({
  page,
  app,
  sim,
}) => {
  const content = sim.issueToken();
  const file = path.join(app.home, 'org.vpptoken');
  await fs.writeFile(file, content);
  await importWithCli(app, file);
  sim.revokeToken(content);

  await page.goto(app.url);
  await page.locator('.app-header').getByRole('button', { name: 'Sync now' }).click();
  const banner = page.getByTestId('banner-token');
  await expect(banner).toContainText('Apple has revoked the VPP token.', { timeout: 30_000 });
  await expect(banner).toContainText('Apple Business Manager');
  await expect(page.getByTestId('token-chip')).toHaveText('Token revoked');
  expect((await tokenStatus(app)).state).toBe('revoked');
  // What needs the token is held back, with the reason in its tooltip.
  const sync = page.locator('.app-header').getByRole('button', { name: 'Sync now' });
  await expect(sync).toHaveAttribute('aria-disabled', 'true');
  await expect(sync).toHaveAttribute('title', /revoked the VPP token/);
  await dismissToasts(page);
  await shoot(page, 'token-revoked-banner');

  await banner.getByRole('button', { name: 'Upload new token' }).click();
  const dialog = page.getByRole('dialog');
  const renewal = path.join(app.home, 'renewal.vpptoken');
  await fs.writeFile(renewal, sim.issueToken());
  await chooseFile(page, dialog, renewal);
  await dialog.getByRole('checkbox', { name: WARNING }).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('banner-token')).toHaveCount(0);
  await expect(sync).not.toHaveAttribute('aria-disabled', 'true');
  expect((await tokenStatus(app)).state).toBe('valid');
});

test('a cache that could not be read is set aside and the admin is told', async ({ page, app, sim }) => {
  const file = path.join(app.home, 'org.vpptoken');
  await fs.writeFile(file, sim.issueToken());
  await importWithCli(app, file);
  await fs.writeFile(path.join(app.home, 'vpp-desk-cache.json'), '{ this is not json');
  await app.restart();

  await page.goto(app.url);
  const notice = page.getByTestId('banner-notice');
  await expect(notice).toContainText('The local cache was unreadable');
  // What cannot come back from Apple comes back from the last good copy; the rest from Apple.
  await expect(notice).toContainText('restored from its last good copy');
  await expect(notice).toContainText('read again from Apple at the next sync');
  const kept = (await fs.readdir(app.home)).filter(
    (n) => n.startsWith('vpp-desk-cache') && n !== 'vpp-desk-cache.json',
  );
  expect(kept.length).toBeGreaterThan(0);
  await shoot(page, 'cache-notice');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});
