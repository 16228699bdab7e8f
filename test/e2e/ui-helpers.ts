/**
 * Steps the UI specs share: uploading a token through the dialog as an admin
 * would (file chooser, Apple ID, the account-lock tick), and reading what
 * core holds through the CLI to prove the window did (or did not) change it.
 */
import { expect, type AppHandle } from './fixtures';
import type { TokenStatus } from '../../shared/domain';
import type { Locator, Page } from '@playwright/test';

export const WARNING =
  /One Apple account per install\. It cannot be changed later\. Make sure more than one person knows this account's details\./;

/** Opens the upload dialog from wherever the admin is (welcome screen or Token page). */
export async function openUploadDialog(page: Page): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Token' }).click();
  const welcome = page.getByTestId('welcome').getByRole('button', { name: 'Upload token' });
  const renewal = page.locator('.page-header').getByRole('button', { name: /^Upload (renewal|new token)$/ });
  // Wait for the window to have loaded whichever of the two the install shows.
  await expect(welcome.or(renewal)).toBeVisible();
  await ((await welcome.isVisible()) ? welcome : renewal).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Drops a file on a drop zone the way a drag from the desktop does (a DataTransfer with one File). */
export async function dropFile(target: Locator, name: string, content: string): Promise<void> {
  const transfer = await target.page().evaluateHandle(
    ([fileName, text]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], fileName, { type: 'text/plain' }));
      return dt;
    },
    [name, content] as const,
  );
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

export async function chooseFile(page: Page, dialog: Locator, file: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: /Choose (file|another)/ }).click();
  await (await chooser).setFiles(file);
  await expect(dialog.getByTestId('chosen-file')).toBeVisible();
}

/** Fills the dialog and presses Upload; returns the dialog for assertions on refusals. */
export async function submitToken(
  page: Page,
  file: string,
  opts: { appleId?: string; label?: string } = {},
): Promise<Locator> {
  const dialog = await openUploadDialog(page);
  await chooseFile(page, dialog, file);
  await dialog.getByLabel('Apple ID').fill(opts.appleId ?? 'it-admin@example.edu');
  if (opts.label !== undefined) await dialog.getByLabel(/^Label/).fill(opts.label);
  await dialog.getByRole('checkbox', { name: WARNING }).check();
  await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
  return dialog;
}

export async function tokenStatus(app: AppHandle): Promise<TokenStatus> {
  const res = await app.cli(['token', 'status', '--json']);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as TokenStatus;
}

/** The date as the window shows it: the browser's own locale, medium style. */
export function shownDate(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (value) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(value)),
    iso,
  );
}

export async function dismissToasts(page: Page): Promise<void> {
  for (const button of await page.locator('.toast').getByRole('button', { name: 'Dismiss' }).all())
    await button.click();
}

/** Imports a token through the CLI: for specs where the upload itself is not the point. */
export async function importWithCli(app: AppHandle, file: string): Promise<void> {
  const res = await app.cli([
    'token',
    'import',
    file,
    '--apple-id',
    'it-admin@example.edu',
    '--name',
    'Main campus',
    '--accept-account-lock',
    '--json',
  ]);
  expect(res.code, res.stderr).toBe(0);
}
